CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('adviser', 'publisher', 'admin')),
    provider_id  TEXT NULL REFERENCES providers (id),
    secret_hash  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT NULL
);

-- Every version of every scheme, so nothing a publisher replaces or archives is ever lost.
CREATE TABLE scheme_revisions (
    scheme_id   TEXT NOT NULL,
    version     INTEGER NOT NULL,
    document    TEXT NOT NULL,
    archived    INTEGER NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    change      TEXT NOT NULL,
    PRIMARY KEY (scheme_id, version)
) WITHOUT ROWID;

INSERT INTO scheme_revisions (scheme_id, version, document, archived, changed_at, changed_by, change)
SELECT id, version, document, archived, updated_at, 'seed', 'seeded' FROM schemes;

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    key_id       TEXT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    action       TEXT NOT NULL,
    scheme_id    TEXT NULL,
    version      INTEGER NULL,
    detail       TEXT NULL
);
CREATE INDEX ix_audit_log_scheme ON audit_log (scheme_id);
