-- Adoptions of blueprints that are not campaigns (campaigns record theirs
-- in campaigns.blueprint_id): the group and place, the version, and what
-- the adoption created for the group (directory services, events,
-- volunteering opportunities, surveys, budgets), so the catalogue can count
-- them and show where each came from.
CREATE TABLE blueprint_uses (
    id TEXT PRIMARY KEY,
    blueprint_id TEXT NOT NULL,
    version TEXT NOT NULL,
    digest TEXT NOT NULL,
    group_id TEXT NOT NULL REFERENCES groups(id),
    place_id TEXT NOT NULL REFERENCES places(id),
    language TEXT NOT NULL,
    -- JSON object: field key -> value, as the organiser entered them.
    fields TEXT NOT NULL,
    -- JSON object: kind (services, events, opportunities, surveys, budgets) -> ids.
    created TEXT NOT NULL,
    created_by TEXT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX blueprint_uses_blueprint ON blueprint_uses (blueprint_id, created_at);
CREATE INDEX blueprint_uses_group ON blueprint_uses (group_id);

-- Stories of how adopting a blueprint went, written by an admin of a group
-- that adopted it (Markdown, shown sanitised), carried in the catalogue.
CREATE TABLE blueprint_stories (
    id TEXT PRIMARY KEY,
    blueprint_id TEXT NOT NULL,
    group_id TEXT NOT NULL REFERENCES groups(id),
    author_id TEXT REFERENCES people(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX blueprint_stories_blueprint ON blueprint_stories (blueprint_id, created_at);
