-- The catalogue's version: every catalogue write raises it, so a node (or another process on this file) can tell its
-- matching snapshot is behind. seed_hash: what data/ looked like when it was last seeded, so only one node seeds it.
CREATE TABLE catalogue_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    version    INTEGER NOT NULL,
    seed_hash  TEXT NULL
);
INSERT INTO catalogue_state (id, version, seed_hash) VALUES (1, 1, NULL);

-- When each periodic job last ran: a node claims a run by moving last_run_at, so a job runs once across nodes.
CREATE TABLE job_runs (
    job          TEXT PRIMARY KEY,
    last_run_at  TEXT NOT NULL
) WITHOUT ROWID;
