-- Answers from KVK and PDOK, kept across restarts so a firm is not looked up (and paid for) twice within the window.
CREATE TABLE upstream_cache (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) WITHOUT ROWID;
