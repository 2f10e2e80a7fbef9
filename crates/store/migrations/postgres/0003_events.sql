-- Events: one-off and recurring, organised by a group in a place.
-- Times are unix seconds (UTC) beside the IANA zone they were given in, so a
-- weekly 10:00 stays at 10:00 local time across daylight-saving changes.
-- `rrule` is built by our own code from a few plain choices (never typed by
-- people); NULL means a one-off event.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    mode TEXT NOT NULL,
    venue TEXT NOT NULL,
    address TEXT NOT NULL,
    postcode TEXT NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    online_url TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    repeats TEXT NOT NULL,
    rrule TEXT,
    -- Start of the last possible occurrence; NULL for a series with no end.
    last_starts_at BIGINT,
    is_free BIGINT NOT NULL,
    cost TEXT NOT NULL,
    capacity BIGINT,
    accessibility TEXT NOT NULL,
    languages TEXT NOT NULL,
    age_range TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by TEXT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX events_place ON events (place_id, status, last_starts_at);
CREATE INDEX events_group ON events (group_id, status, last_starts_at);

-- "This occurrence" changes: cancelled (an EXDATE) or moved (a RECURRENCE-ID).
CREATE TABLE event_overrides (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    original_starts_at BIGINT NOT NULL,
    cancelled BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, original_starts_at)
);

-- One answer per person per event (the whole series): `going` or `waiting`.
CREATE TABLE event_rsvps (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_rsvps_queue ON event_rsvps (event_id, state, created_at);
