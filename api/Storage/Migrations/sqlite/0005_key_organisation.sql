-- Keys for analysts, and adviser keys that belong to an organisation. SQLite cannot change a CHECK constraint in
-- place, so the table is rebuilt. provider_id is no longer a foreign key: the key commands run without the catalogue
-- seed, on a database that may not hold the providers yet, and check the id against data/ themselves.
CREATE TABLE api_keys_new (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('adviser', 'publisher', 'analyst', 'admin')),
    provider_id   TEXT NULL,
    organisation  TEXT NULL,
    secret_hash   TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT NULL
);

INSERT INTO api_keys_new (id, name, role, provider_id, organisation, secret_hash, created_at, revoked_at)
SELECT id, name, role, provider_id, NULL, secret_hash, created_at, revoked_at FROM api_keys;

DROP TABLE api_keys;
ALTER TABLE api_keys_new RENAME TO api_keys;
CREATE INDEX ix_api_keys_organisation ON api_keys (organisation);
