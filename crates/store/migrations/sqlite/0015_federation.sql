-- Federation (ActivityPub). Local actors are the node, each place and each
-- group, named here as `node`, `place:<id>`, `group:<id>`; remote actors and
-- objects are named by their ActivityPub id (a URL).

-- One RSA key pair per local actor, made the first time it is needed; the
-- private half is sealed with the node key.
CREATE TABLE fed_keys (
    actor TEXT PRIMARY KEY,
    public_pem TEXT NOT NULL,
    private_sealed TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Remote actors we have fetched (to check their signatures, to deliver).
CREATE TABLE fed_remote_actors (
    id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    kind TEXT NOT NULL,
    handle TEXT NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    inbox TEXT NOT NULL,
    shared_inbox TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_pem TEXT NOT NULL,
    fetched_at BIGINT NOT NULL
);
CREATE INDEX fed_remote_actors_key ON fed_remote_actors (key_id);

-- Remote actors following a local actor.
CREATE TABLE fed_followers (
    local_actor TEXT NOT NULL,
    remote_actor TEXT NOT NULL,
    follow_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (local_actor, remote_actor)
);

-- Local actors (places) following a remote actor: `pending` until Accepted.
CREATE TABLE fed_following (
    local_actor TEXT NOT NULL,
    remote_actor TEXT NOT NULL,
    follow_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'rejected')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (local_actor, remote_actor)
);
CREATE INDEX fed_following_remote ON fed_following (remote_actor);

-- Every incoming activity id, once: an activity is never applied twice.
CREATE TABLE fed_seen_activities (
    id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);

-- Objects received from remote actors (events, notes, services). A Delete
-- leaves the row as a tombstone (deleted = 1), so a Create arriving after
-- its Delete is not applied.
CREATE TABLE fed_objects (
    id TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    url TEXT NOT NULL,
    starts_at BIGINT,
    ends_at BIGINT,
    location TEXT NOT NULL,
    document TEXT NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0,
    -- The object's own `updated` time (else `published`), unix seconds:
    -- retried deliveries can arrive out of order, and an older copy must
    -- never overwrite a newer one; within one second an Update wins over a
    -- Create.
    version BIGINT NOT NULL DEFAULT 0,
    received_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX fed_objects_actor ON fed_objects (actor, deleted, starts_at);

-- Other nodes' domains: blocked by an admin (both directions), and the
-- delivery circuit breaker (failures in a row, closed again when one answers).
CREATE TABLE fed_domains (
    domain TEXT PRIMARY KEY,
    blocked BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    first_failure_at BIGINT,
    open_until BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- Local objects already announced with a Create (later changes are Updates).
CREATE TABLE fed_published (
    object_id TEXT PRIMARY KEY,
    published_at BIGINT NOT NULL
);
