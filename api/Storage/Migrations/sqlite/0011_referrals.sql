-- Referrals between providers (api/Referrals). Whether a provider takes referrals is agreed per installation, so no
-- provider accepts until its publisher (or an admin) says so.
CREATE TABLE referral_settings (
    provider_id  TEXT PRIMARY KEY REFERENCES providers (id),
    accepts      INTEGER NOT NULL CHECK (accepts IN (0, 1)),
    updated_at   TEXT NOT NULL
) WITHOUT ROWID;

-- One hand-off of a firm to a scheme's provider. The contact, message, KVK number, company name and company facts
-- identify a person or a firm: they are set to NULL Referrals__RetentionDays after closing (contact_removed_at), and
-- what stays (ids, status, outcome, times, organisation) is the audit trail. sender_organisation is NULL for the widget.
CREATE TABLE referrals (
    id                   TEXT PRIMARY KEY,
    scheme_id            TEXT NOT NULL REFERENCES schemes (id),
    provider_id          TEXT NOT NULL REFERENCES providers (id),
    sender_organisation  TEXT NULL,
    sender_key_id        TEXT NULL,
    channel              TEXT NOT NULL,
    status               TEXT NOT NULL,
    outcome              TEXT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    first_answered_at    TEXT NULL,
    closed_at            TEXT NULL,
    reminder_sent_at     TEXT NULL,
    follow_up_sent_at    TEXT NULL,
    contact_name         TEXT NULL,
    contact_email        TEXT NULL,
    contact_phone        TEXT NULL,
    message              TEXT NULL,
    kvk_number           TEXT NULL,
    company_name         TEXT NULL,
    company              TEXT NULL,
    contact_removed_at   TEXT NULL
);
CREATE INDEX ix_referrals_provider ON referrals (provider_id, created_at);
CREATE INDEX ix_referrals_sender ON referrals (sender_organisation, created_at);
CREATE INDEX ix_referrals_status ON referrals (status, created_at);
CREATE INDEX ix_referrals_closed ON referrals (closed_at);

-- Every step of a referral in order: its creation, each status move (with the outcome on closing) and each note.
-- key_id is the API key that acted (NULL for the widget); the note is removed with the contact data.
CREATE TABLE referral_events (
    id           TEXT PRIMARY KEY,
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    position     INTEGER NOT NULL,
    at           TEXT NOT NULL,
    side         TEXT NOT NULL,
    key_id       TEXT NULL,
    status       TEXT NULL,
    outcome      TEXT NULL,
    note         TEXT NULL,
    UNIQUE (referral_id, position)
);

-- The events raised for the sending organisation or the receiving provider, written in the transaction of the change
-- that raised them. The payload holds ids, status, outcome and times, never contact data, message or notes.
CREATE TABLE referral_notifications (
    id            TEXT PRIMARY KEY,
    referral_id   TEXT NOT NULL REFERENCES referrals (id),
    position      INTEGER NOT NULL,
    type          TEXT NOT NULL,
    audience      TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    payload       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    UNIQUE (referral_id, position)
);
CREATE INDEX ix_referral_notifications_organisation ON referral_notifications (organisation, created_at);
