CREATE TABLE providers (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    area_code   TEXT NULL,
    website     TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE schemes (
    id               TEXT PRIMARY KEY,
    provider_id      TEXT NOT NULL REFERENCES providers (id),
    level            TEXT NOT NULL,
    instrument       TEXT NOT NULL,
    ended            INTEGER NOT NULL DEFAULT 0,
    archived         INTEGER NOT NULL DEFAULT 0,
    document         TEXT NOT NULL,
    version          INTEGER NOT NULL,
    updated_at       TEXT NOT NULL,
    -- 'seed' while the record is as data/ last delivered it, 'api' once a write through the API changed it.
    origin           TEXT NOT NULL,
    seed_hash        TEXT NULL
);
CREATE INDEX ix_schemes_provider ON schemes (provider_id);
CREATE INDEX ix_schemes_level_instrument ON schemes (level, instrument);

CREATE TABLE scheme_themes (
    scheme_id  TEXT NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    theme      TEXT NOT NULL,
    PRIMARY KEY (scheme_id, theme)
) WITHOUT ROWID;
CREATE INDEX ix_scheme_themes_theme ON scheme_themes (theme);

CREATE TABLE scheme_areas (
    scheme_id  TEXT NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    area_code  TEXT NOT NULL,
    PRIMARY KEY (scheme_id, area_code)
) WITHOUT ROWID;
CREATE INDEX ix_scheme_areas_area ON scheme_areas (area_code);

CREATE TABLE scheme_windows (
    scheme_id  TEXT NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    mode       TEXT NOT NULL,
    opens_on   TEXT NULL,
    closes_on  TEXT NULL,
    PRIMARY KEY (scheme_id, position)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE schemes_fts USING fts5 (
    scheme_id UNINDEXED,
    title,
    summary,
    keywords,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TABLE provinces (
    code      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    iso_code  TEXT NOT NULL
);

CREATE TABLE municipalities (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    province_code  TEXT NOT NULL REFERENCES provinces (code)
);
CREATE INDEX ix_municipalities_province ON municipalities (province_code);

CREATE TABLE vocabulary_terms (
    vocabulary  TEXT NOT NULL,
    code        TEXT NOT NULL,
    label_nl    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (vocabulary, code)
) WITHOUT ROWID;
