-- Demand insights (DESIGN.md "Demand insights"): one row per answered match with coarse facets of the firm, what it
-- asked for and what it got. On purpose never the description, KVK number, postcode, IP address, API key or anything
-- else that identifies a firm. day is yyyy-MM-dd (Europe/Amsterdam), month yyyy-MM; fitting counts the open, upcoming or
-- expected schemes the firm may get that fit the need, and unmet is 1 when there are none.
CREATE TABLE demand_events (
    id            INTEGER PRIMARY KEY,
    day           TEXT NOT NULL,
    month         TEXT NOT NULL,
    province      TEXT NULL,
    municipality  TEXT NULL,
    size_class    TEXT NULL,
    sbi_section   TEXT NULL,
    age_band      TEXT NULL,
    channel       TEXT NOT NULL,
    fitting       INTEGER NOT NULL,
    unmet         INTEGER NOT NULL
);
CREATE INDEX ix_demand_events_day ON demand_events (day);

-- The purposes, themes and instruments of an event (kind: purpose, theme or instrument), asked for or recognised.
CREATE TABLE demand_event_codes (
    event_id  INTEGER NOT NULL REFERENCES demand_events (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    code      TEXT NOT NULL,
    PRIMARY KEY (event_id, kind, code)
);
CREATE INDEX ix_demand_event_codes_code ON demand_event_codes (kind, code, event_id);

-- The schemes an event showed, with their rank (from 1).
CREATE TABLE demand_event_schemes (
    event_id   INTEGER NOT NULL REFERENCES demand_events (id) ON DELETE CASCADE,
    scheme_id  TEXT NOT NULL,
    rank       INTEGER NOT NULL,
    PRIMARY KEY (event_id, scheme_id)
);
CREATE INDEX ix_demand_event_schemes_scheme ON demand_event_schemes (scheme_id, event_id);

-- Unrecognised words of questions: hash is HMAC-SHA256 (hex) of the word with the installation's secret key, events how
-- many events used it; word stays NULL until events reaches Insights__MinimumCellSize, so a word fewer requests used is
-- never stored. last_seen_on (yyyy-MM-dd) lets the retention delete words no one used for a long time.
CREATE TABLE demand_words (
    hash          TEXT PRIMARY KEY,
    events        INTEGER NOT NULL,
    word          TEXT NULL,
    last_seen_on  TEXT NOT NULL
);
CREATE INDEX ix_demand_words_events ON demand_words (events);

-- The secret key of the word hashes, made once (unless Insights__WordKey is set).
CREATE TABLE insights_keys (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    word_key  TEXT NOT NULL
);
