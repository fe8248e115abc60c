-- The schemes an event showed become one column of the event (their ids in rank order, separated by spaces) and a count
-- per scheme and day: ten rows per answered match, each with two indexes, were most of the cost of recording demand
-- under load, and the only question asked of them (GET /v1/insights/schemes/{id}) is answered by the daily counts.
ALTER TABLE demand_events ADD COLUMN shown TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE demand_events e SET shown = COALESCE(
    (SELECT string_agg(s.scheme_id, ' ' ORDER BY s.rank) FROM demand_event_schemes s WHERE s.event_id = e.id), '');

-- Per scheme and day (yyyy-MM-dd, with its month yyyy-MM): how many events showed it, how many in the top 3, and the
-- sum of its ranks (the mean rank is rank_sum / shown).
CREATE TABLE demand_scheme_days (
    scheme_id  TEXT COLLATE "C" NOT NULL,
    day        TEXT COLLATE "C" NOT NULL,
    month      TEXT COLLATE "C" NOT NULL,
    shown      BIGINT NOT NULL,
    top3       BIGINT NOT NULL,
    rank_sum   BIGINT NOT NULL,
    PRIMARY KEY (scheme_id, day)
);
CREATE INDEX ix_demand_scheme_days_day ON demand_scheme_days (day);

INSERT INTO demand_scheme_days (scheme_id, day, month, shown, top3, rank_sum)
SELECT s.scheme_id, e.day, e.month, COUNT(*), SUM(CASE WHEN s.rank <= 3 THEN 1 ELSE 0 END), SUM(s.rank)
FROM demand_event_schemes s JOIN demand_events e ON e.id = s.event_id
GROUP BY s.scheme_id, e.day, e.month;

DROP TABLE demand_event_schemes;
