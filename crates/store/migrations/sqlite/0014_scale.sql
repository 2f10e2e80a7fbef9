-- PostgreSQL's 0014 makes the service-part foreign keys deferrable. SQLite
-- defers every foreign key for one transaction with
-- `PRAGMA defer_foreign_keys`, so there is nothing to change for that here.

-- "What's on this week" in a place reads events that started before the
-- week ends and have an occurrence after it begins; with the start in the
-- index, events that only end later are passed over in the index instead of
-- being read from the table (see PostgreSQL's 0014).
DROP INDEX events_place;
CREATE INDEX events_place ON events (place_id, status, last_starts_at, starts_at);
