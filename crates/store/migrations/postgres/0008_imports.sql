-- Which import last wrote a record: an iCalendar subscription's id (NULL for
-- a one-off import), so events a feed no longer lists can be found; and a
-- fingerprint of what was written, so importing unchanged data writes nothing.
ALTER TABLE import_external_ids ADD COLUMN source TEXT;
ALTER TABLE import_external_ids ADD COLUMN fingerprint TEXT;
CREATE INDEX import_external_ids_source ON import_external_ids (source);

-- Calendars a group follows: fetched again every `interval_secs` through the
-- job queue, politely (ETag / Last-Modified).
CREATE TABLE ical_subscriptions (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id),
    interval_secs BIGINT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    -- A worker claims a due subscription by moving this forward (a conditional UPDATE).
    next_fetch_at BIGINT NOT NULL,
    last_fetched_at BIGINT,
    last_succeeded_at BIGINT,
    last_error TEXT,
    -- The last import's report, as text for the admin page.
    last_report TEXT,
    created_by TEXT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (group_id, url)
);
CREATE INDEX ical_subscriptions_due ON ical_subscriptions (next_fetch_at);
