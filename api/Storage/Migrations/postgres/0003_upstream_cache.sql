-- Answers from KVK and PDOK, kept across restarts so a firm is not looked up (and paid for) twice within the window.
CREATE TABLE upstream_cache (
    key         TEXT COLLATE "C" PRIMARY KEY,
    value       TEXT NOT NULL,
    expires_at  TEXT COLLATE "C" NOT NULL
);
