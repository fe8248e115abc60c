-- Keyword search runs in memory over the matching snapshot (KeywordIndex): the full-text table is no longer read.
DROP TABLE IF EXISTS schemes_fts;
