-- Blueprints this node published (signed with its key) or installed from
-- elsewhere (signed by their node). The signed document is kept exactly as
-- it was signed or received, so it can be passed on and re-verified.
CREATE TABLE blueprints (
    -- SHA-256 of the blueprint's canonical form (one row per version).
    digest TEXT PRIMARY KEY,
    blueprint_id TEXT NOT NULL,
    version TEXT NOT NULL,
    origin TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('published', 'installed')),
    -- The signed document (provenance::Signed as JSON), as-is.
    document TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX blueprints_id ON blueprints (blueprint_id, created_at);
