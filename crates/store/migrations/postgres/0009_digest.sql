-- The weekly "what's on near you" email. A person is subscribed while they
-- have at least one row in `digest_places`: one row per place they chose.
CREATE TABLE digest_places (
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, place_id)
);
CREATE INDEX digest_places_place ON digest_places (place_id);

-- One row per week a digest went out (`week` is the ISO week in the node's
-- time zone, e.g. `2026-W48`). Inserting it is the claim: when several
-- processes reach the hour together, one inserts and the others conflict.
-- `starts_at` is the scheduled time, where the week's "what's on" begins;
-- `since` is the previous run's `starts_at`, where "new since" begins.
CREATE TABLE digest_runs (
    week TEXT PRIMARY KEY,
    starts_at BIGINT NOT NULL,
    since BIGINT NOT NULL,
    subscribers BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
