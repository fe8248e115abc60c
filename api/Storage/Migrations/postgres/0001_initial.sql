-- The same tables as sqlite/0001_initial.sql. Column types give Dapper the same CLR types on both databases
-- (BIGINT for SQLite's INTEGER, TEXT for dates as ISO 8601 text); COLLATE "C" makes ordering and comparison bytewise,
-- as in SQLite, whatever locale the database was created with.
CREATE TABLE providers (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT COLLATE "C" NOT NULL,
    area_code   TEXT COLLATE "C" NULL,
    website     TEXT NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE schemes (
    id               TEXT COLLATE "C" PRIMARY KEY,
    provider_id      TEXT COLLATE "C" NOT NULL REFERENCES providers (id),
    level            TEXT COLLATE "C" NOT NULL,
    instrument       TEXT COLLATE "C" NOT NULL,
    ended            BIGINT NOT NULL DEFAULT 0,
    archived         BIGINT NOT NULL DEFAULT 0,
    document         TEXT NOT NULL,
    version          BIGINT NOT NULL,
    updated_at       TEXT COLLATE "C" NOT NULL,
    -- 'seed' while the record is as data/ last delivered it, 'api' once a write through the API changed it.
    origin           TEXT COLLATE "C" NOT NULL,
    seed_hash        TEXT COLLATE "C" NULL
);
CREATE INDEX ix_schemes_provider ON schemes (provider_id);
CREATE INDEX ix_schemes_level_instrument ON schemes (level, instrument);

CREATE TABLE scheme_themes (
    scheme_id  TEXT COLLATE "C" NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    theme      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (scheme_id, theme)
);
CREATE INDEX ix_scheme_themes_theme ON scheme_themes (theme);

CREATE TABLE scheme_areas (
    scheme_id  TEXT COLLATE "C" NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    area_code  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (scheme_id, area_code)
);
CREATE INDEX ix_scheme_areas_area ON scheme_areas (area_code);

CREATE TABLE scheme_windows (
    scheme_id  TEXT COLLATE "C" NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    mode       TEXT COLLATE "C" NOT NULL,
    opens_on   TEXT COLLATE "C" NULL,
    closes_on  TEXT COLLATE "C" NULL,
    PRIMARY KEY (scheme_id, position)
);

-- SQLite's FTS5 table becomes a plain table with a stored tsvector: the texts reach it with their diacritics folded
-- (as FTS5's remove_diacritics does), and the vector holds every word as written ('simple', for prefix search as on
-- SQLite) and stemmed the Dutch and the English way. Weights follow SQLite's bm25 weights: title, keywords, summary.
CREATE TABLE schemes_fts (
    scheme_id  TEXT COLLATE "C" PRIMARY KEY,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    keywords   TEXT NOT NULL,
    vector     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('dutch'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, keywords), 'B')
        || setweight(to_tsvector('dutch'::regconfig, keywords), 'B')
        || setweight(to_tsvector('english'::regconfig, keywords), 'B')
        || setweight(to_tsvector('simple'::regconfig, summary), 'C')
        || setweight(to_tsvector('dutch'::regconfig, summary), 'C')
        || setweight(to_tsvector('english'::regconfig, summary), 'C')
    ) STORED
);
CREATE INDEX ix_schemes_fts_vector ON schemes_fts USING GIN (vector);

CREATE TABLE provinces (
    code      TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT NOT NULL,
    iso_code  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE municipalities (
    code           TEXT COLLATE "C" PRIMARY KEY,
    name           TEXT NOT NULL,
    province_code  TEXT COLLATE "C" NOT NULL REFERENCES provinces (code)
);
CREATE INDEX ix_municipalities_province ON municipalities (province_code);

CREATE TABLE vocabulary_terms (
    vocabulary  TEXT COLLATE "C" NOT NULL,
    code        TEXT COLLATE "C" NOT NULL,
    label_nl    TEXT NOT NULL,
    label_en    TEXT NOT NULL,
    position    BIGINT NOT NULL,
    PRIMARY KEY (vocabulary, code)
);
