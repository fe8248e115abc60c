-- Status needs the budget and whether the instrument runs in budgeted rounds (vocabularies.json "windowsRequired").
ALTER TABLE schemes ADD COLUMN budget_status TEXT NULL;
ALTER TABLE schemes ADD COLUMN windows_required INTEGER NOT NULL DEFAULT 0;
UPDATE schemes SET budget_status = json_extract(document, '$.budgetStatus'),
                   windows_required = CASE WHEN instrument IN ('subsidy', 'loan', 'voucher') THEN 1 ELSE 0 END;

CREATE TABLE scheme_purposes (
    scheme_id  TEXT NOT NULL REFERENCES schemes (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    PRIMARY KEY (scheme_id, purpose)
) WITHOUT ROWID;
CREATE INDEX ix_scheme_purposes_purpose ON scheme_purposes (purpose);

-- The list-specific parts of a vocabulary term (description, words, question ...), as JSON.
ALTER TABLE vocabulary_terms ADD COLUMN details TEXT NULL;
