-- A place's "this week" reads the repeating series that may occur in the
-- week (`events::public_between`), soonest first, at most 200. With only
-- `events_place`, every event of the place still running (one-offs
-- included) was fetched and sorted: 7 ms for one ward of a million-record
-- node. This index holds a place's series in start order, with what the
-- read filters on, so it stops after the first 200 (1.9 ms).
CREATE INDEX events_place_series ON events (place_id, starts_at) INCLUDE (status, last_starts_at)
    WHERE rrule IS NOT NULL;
