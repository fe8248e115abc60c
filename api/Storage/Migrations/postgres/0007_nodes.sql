-- The catalogue's version: every catalogue write raises it (and NOTIFYs matchmaker_catalogue), so a node can tell its
-- matching snapshot is behind. seed_hash: what data/ looked like when it was last seeded, so only one node seeds it.
CREATE TABLE catalogue_state (
    id         BIGINT PRIMARY KEY CHECK (id = 1),
    version    BIGINT NOT NULL,
    seed_hash  TEXT COLLATE "C" NULL
);
INSERT INTO catalogue_state (id, version, seed_hash) VALUES (1, 1, NULL);

-- When each periodic job last ran: a node claims a run by moving last_run_at, so a job runs once across nodes.
CREATE TABLE job_runs (
    job          TEXT COLLATE "C" PRIMARY KEY,
    last_run_at  TEXT COLLATE "C" NOT NULL
);
