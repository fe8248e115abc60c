-- Status needs the budget and whether the instrument runs in budgeted rounds (vocabularies.json "windowsRequired").
ALTER TABLE schemes ADD COLUMN budget_status TEXT COLLATE "C" NULL;
ALTER TABLE schemes ADD COLUMN windows_required BIGINT NOT NULL DEFAULT 0;
UPDATE schemes SET budget_status = document::jsonb ->> 'budgetStatus',
                   windows_required = CASE WHEN instrument IN ('subsidy', 'loan', 'voucher') THEN 1 ELSE 0 END;

CREATE TABLE scheme_purposes (
    scheme_id  TEXT COLLATE "C" NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    purpose    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (scheme_id, purpose)
);
CREATE INDEX ix_scheme_purposes_purpose ON scheme_purposes (purpose);

-- The list-specific parts of a vocabulary term (description, words, question ...), as JSON.
ALTER TABLE vocabulary_terms ADD COLUMN details TEXT NULL;
