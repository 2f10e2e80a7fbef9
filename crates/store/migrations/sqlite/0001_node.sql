-- The node's foundation: the node itself, people, sessions, tokens, places,
-- groups, the job queue and shared rate limits.
-- Conventions (both engines): ids are TEXT (UUIDv7), times are BIGINT unix
-- seconds, flags are BIGINT 0/1, so one query layer serves both engines.

CREATE TABLE node (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE places (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id TEXT REFERENCES places(id),
    footprint TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX places_parent ON places(parent_id);

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    display_name TEXT,
    email_sealed TEXT,
    email_lookup TEXT UNIQUE,
    password_hash TEXT,
    language TEXT NOT NULL DEFAULT 'en',
    home_place_id TEXT REFERENCES places(id),
    is_node_admin BIGINT NOT NULL DEFAULT 0,
    disabled_at BIGINT,
    erased_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE magic_links (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    email_lookup TEXT NOT NULL,
    email_sealed TEXT NOT NULL,
    person_id TEXT REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    join_policy TEXT NOT NULL,
    verified_public_body_at BIGINT,
    created_by TEXT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX groups_place ON groups(place_id);

CREATE TABLE memberships (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE join_requests (
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, person_id)
);

CREATE TABLE group_invitations (
    token_hash TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_by TEXT REFERENCES people(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

-- The group's history: who joined, left, changed role. Survives erasure of a
-- person as "former member" (person_id is kept, their name is not).
CREATE TABLE group_events (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    person_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    at BIGINT NOT NULL
);
CREATE INDEX group_events_group ON group_events(group_id, at);

-- Every access to a person's personal data, shown to that person.
CREATE TABLE personal_data_access (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    accessed_by TEXT,
    what TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX personal_data_access_person ON personal_data_access(person_id, at);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    locked_until BIGINT,
    locked_by TEXT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_ready ON jobs(status, run_at);

CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
