-- Keys for analysts, and adviser keys that belong to an organisation. provider_id is no longer a foreign key: the key
-- commands run without the catalogue seed, on a database that may not hold the providers yet, and check the id
-- against data/ themselves. (SQLite rebuilds the table; PostgreSQL changes it in place.)
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('adviser', 'publisher', 'analyst', 'admin'));
ALTER TABLE api_keys DROP CONSTRAINT api_keys_provider_id_fkey;
ALTER TABLE api_keys ADD COLUMN organisation TEXT COLLATE "C" NULL;
CREATE INDEX ix_api_keys_organisation ON api_keys (organisation);
