-- How each campaign was adopted from a blueprint, so a new version can be
-- shown as the campaign would have read it: the language, the custom
-- fields and dates the organiser entered, which campaign stage came from
-- which stage of the blueprint (stage id -> key, JSON), and the version the
-- group last declined (no notice until a newer one).
CREATE TABLE blueprint_adoptions (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns(id),
    language TEXT NOT NULL,
    -- JSON objects: field key -> value, input key -> YYYY-MM-DD, stage id -> key.
    fields TEXT NOT NULL,
    dates TEXT NOT NULL,
    stage_keys TEXT NOT NULL,
    -- The digest of a version the group declined, if any.
    dismissed TEXT,
    updated_at BIGINT NOT NULL
);

-- Other nodes' blueprint feeds this node follows: read again by a job
-- every few hours; new versions whose signatures check are kept.
CREATE TABLE blueprint_follows (
    -- The feed's address (<node>/blueprints/feed.json).
    url TEXT PRIMARY KEY,
    added_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    next_fetch_at BIGINT NOT NULL,
    fetched_at BIGINT,
    -- What the last reading found: a summary, or why it failed.
    last_outcome TEXT NOT NULL DEFAULT '',
    last_ok BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX blueprint_follows_due ON blueprint_follows (next_fetch_at);
