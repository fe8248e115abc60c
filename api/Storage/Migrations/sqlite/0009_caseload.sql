-- Adviser caseload: saved firm profiles, what the change detector last saw for them, and signed webhooks with an outbox.

-- A firm an organisation follows. request is the match request without limit or language ({ kvkNumber, company, need }).
-- changes_seen: the last catalogue_changes.id this profile's feed baseline takes into account.
-- municipality_code, province_code: where the firm is, as last resolved, so a change can tell whether it can matter.
CREATE TABLE saved_profiles (
    id                 TEXT PRIMARY KEY,
    organisation       TEXT NOT NULL,
    name               TEXT NOT NULL,
    request            TEXT NOT NULL,
    version            INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    calendar_token     TEXT NOT NULL,
    changes_seen       INTEGER NOT NULL,
    municipality_code  TEXT NULL,
    province_code      TEXT NULL,
    read_at            TEXT NOT NULL
);
CREATE INDEX ix_saved_profiles_organisation ON saved_profiles (organisation, created_at);
CREATE INDEX ix_saved_profiles_changes_seen ON saved_profiles (changes_seen);

-- The matches a profile had when last looked at: 'feed' for the change detector (events), 'read' for GET …/matches.
CREATE TABLE profile_matches (
    profile_id      TEXT NOT NULL REFERENCES saved_profiles (id) ON DELETE CASCADE,
    baseline        TEXT NOT NULL CHECK (baseline IN ('feed', 'read')),
    scheme_id       TEXT NOT NULL,
    status          TEXT NOT NULL,
    closing_soon    INTEGER NOT NULL,
    next_deadline   TEXT NULL,
    PRIMARY KEY (profile_id, baseline, scheme_id)
) WITHOUT ROWID;
CREATE INDEX ix_profile_matches_scheme ON profile_matches (scheme_id, baseline);

-- Every scheme a catalogue write touched (written in that write's transaction), and every scheme whose state changed
-- with the date alone (the daily check). The change detector applies them to the saved profiles in id order.
CREATE TABLE catalogue_changes (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme_id          TEXT NOT NULL,
    catalogue_version  INTEGER NOT NULL,
    reason             TEXT NOT NULL CHECK (reason IN ('write', 'date')),
    changed_at         TEXT NOT NULL
);

-- One row: the last day the daily check compared, and which node is applying changes now (a lease).
CREATE TABLE caseload_state (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    dates_checked_on       TEXT NULL,
    rematch_owner          TEXT NULL,
    rematch_claimed_until  TEXT NULL
);
INSERT INTO caseload_state (id, dates_checked_on, rematch_owner, rematch_claimed_until) VALUES (1, NULL, NULL, NULL);

-- Where an organisation wants events. secret and previous_secret are the whsec_ signing secrets; the previous one
-- signs too until previous_secret_until (rotation).
CREATE TABLE webhook_subscriptions (
    id                     TEXT PRIMARY KEY,
    organisation           TEXT NOT NULL,
    url                    TEXT NOT NULL,
    events                 TEXT NOT NULL,
    profile_ids            TEXT NULL,
    secret                 TEXT NOT NULL,
    previous_secret        TEXT NULL,
    previous_secret_until  TEXT NULL,
    active                 INTEGER NOT NULL,
    disabled_reason        TEXT NULL,
    consecutive_failures   INTEGER NOT NULL,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX ix_webhook_subscriptions_organisation ON webhook_subscriptions (organisation, active);

-- The outbox: one row per event, the body exactly as it is signed and sent; id is the webhook-id.
CREATE TABLE webhook_events (
    id            TEXT PRIMARY KEY,
    type          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    payload       TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX ix_webhook_events_created ON webhook_events (created_at);

-- One row per event and subscription; claimed_until and claimed_by are the lease of the node sending it.
CREATE TABLE webhook_deliveries (
    id                TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
    subscription_id   TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts          INTEGER NOT NULL,
    next_attempt_at   TEXT NULL,
    claimed_until     TEXT NULL,
    claimed_by        TEXT NULL,
    last_status_code  INTEGER NULL,
    last_error        TEXT NULL,
    created_at        TEXT NOT NULL,
    delivered_at      TEXT NULL
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);
CREATE INDEX ix_webhook_deliveries_event ON webhook_deliveries (event_id);

-- Every attempt: the receiver's status code or why there was none; never the receiver's body.
CREATE TABLE webhook_attempts (
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    status_code  INTEGER NULL,
    error        TEXT NULL,
    duration_ms  INTEGER NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
) WITHOUT ROWID;
