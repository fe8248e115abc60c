-- A snapshot update after a write reads the writes since its catalogue version.
CREATE INDEX ix_catalogue_changes_version ON catalogue_changes (catalogue_version);
