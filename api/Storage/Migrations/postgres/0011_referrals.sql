-- The same tables as sqlite/0011_referrals.sql, with BIGINT for INTEGER and bytewise (COLLATE "C") ids, codes and times.
-- Referrals between providers (api/Referrals). Whether a provider takes referrals is agreed per installation, so no
-- provider accepts until its publisher (or an admin) says so.
CREATE TABLE referral_settings (
    provider_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES providers (id),
    accepts      BIGINT NOT NULL CHECK (accepts IN (0, 1)),
    updated_at   TEXT COLLATE "C" NOT NULL
);

-- One hand-off of a firm to a scheme's provider. The contact, message, KVK number, company name and company facts
-- identify a person or a firm: they are set to NULL Referrals__RetentionDays after closing (contact_removed_at), and
-- what stays (ids, status, outcome, times, organisation) is the audit trail. sender_organisation is NULL for the widget.
CREATE TABLE referrals (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    scheme_id            TEXT COLLATE "C" NOT NULL REFERENCES schemes (id),
    provider_id          TEXT COLLATE "C" NOT NULL REFERENCES providers (id),
    sender_organisation  TEXT COLLATE "C" NULL,
    sender_key_id        TEXT COLLATE "C" NULL,
    channel              TEXT COLLATE "C" NOT NULL,
    status               TEXT COLLATE "C" NOT NULL,
    outcome              TEXT COLLATE "C" NULL,
    created_at           TEXT COLLATE "C" NOT NULL,
    updated_at           TEXT COLLATE "C" NOT NULL,
    first_answered_at    TEXT COLLATE "C" NULL,
    closed_at            TEXT COLLATE "C" NULL,
    reminder_sent_at     TEXT COLLATE "C" NULL,
    follow_up_sent_at    TEXT COLLATE "C" NULL,
    contact_name         TEXT NULL,
    contact_email        TEXT NULL,
    contact_phone        TEXT NULL,
    message              TEXT NULL,
    kvk_number           TEXT COLLATE "C" NULL,
    company_name         TEXT NULL,
    company              TEXT NULL,
    contact_removed_at   TEXT COLLATE "C" NULL
);
CREATE INDEX ix_referrals_provider ON referrals (provider_id, created_at);
CREATE INDEX ix_referrals_sender ON referrals (sender_organisation, created_at);
CREATE INDEX ix_referrals_status ON referrals (status, created_at);
CREATE INDEX ix_referrals_closed ON referrals (closed_at);

-- Every step of a referral in order: its creation, each status move (with the outcome on closing) and each note.
-- key_id is the API key that acted (NULL for the widget); the note is removed with the contact data.
CREATE TABLE referral_events (
    id           TEXT COLLATE "C" PRIMARY KEY,
    referral_id  TEXT COLLATE "C" NOT NULL REFERENCES referrals (id),
    position     BIGINT NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    side         TEXT COLLATE "C" NOT NULL,
    key_id       TEXT COLLATE "C" NULL,
    status       TEXT COLLATE "C" NULL,
    outcome      TEXT COLLATE "C" NULL,
    note         TEXT NULL,
    UNIQUE (referral_id, position)
);

-- The events raised for the sending organisation or the receiving provider, written in the transaction of the change
-- that raised them. The payload holds ids, status, outcome and times, never contact data, message or notes.
CREATE TABLE referral_notifications (
    id            TEXT COLLATE "C" PRIMARY KEY,
    referral_id   TEXT COLLATE "C" NOT NULL REFERENCES referrals (id),
    position      BIGINT NOT NULL,
    type          TEXT COLLATE "C" NOT NULL,
    audience      TEXT COLLATE "C" NOT NULL,
    organisation  TEXT COLLATE "C" NOT NULL,
    payload       TEXT NOT NULL,
    created_at    TEXT COLLATE "C" NOT NULL,
    UNIQUE (referral_id, position)
);
CREATE INDEX ix_referral_notifications_organisation ON referral_notifications (organisation, created_at);
