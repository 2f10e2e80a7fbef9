-- Notices: short public announcements by a group, or by a place's stewards
-- for the whole place (`group_id` NULL). An expired notice leaves every
-- list but keeps its page, so `expires_at` is only ever compared, never
-- used to delete.
CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    group_id TEXT REFERENCES groups(id) ON DELETE CASCADE,
    author_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    expires_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The lists: a place's or a group's current notices, newest first.
CREATE INDEX notices_place ON notices(place_id, created_at);
CREATE INDEX notices_group ON notices(group_id, created_at);
