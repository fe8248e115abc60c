-- Reports of errors in scheme records, sent by anyone without a key. On purpose nothing about the sender is kept:
-- no IP address, API key, user agent, referrer or contact details; only what was reported and when.
CREATE TABLE feedback (
    id           TEXT COLLATE "C" PRIMARY KEY,
    scheme_id    TEXT COLLATE "C" NOT NULL REFERENCES schemes (id),
    field        TEXT COLLATE "C" NULL,
    message      TEXT NOT NULL,
    received_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ix_feedback_scheme ON feedback (scheme_id, received_at);
CREATE INDEX ix_feedback_received ON feedback (received_at);
