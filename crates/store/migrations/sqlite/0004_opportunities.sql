-- Volunteering opportunities, and the expressions of interest in them.
-- Volunteers are reached through the node: their address never leaves it.

CREATE TABLE opportunities (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    commitment_kind TEXT NOT NULL,
    commitment_hours BIGINT,
    commitment_text TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    no_experience_needed BIGINT NOT NULL DEFAULT 0,
    min_age BIGINT,
    suitable_for TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    remote BIGINT NOT NULL DEFAULT 0,
    closes_on BIGINT,
    status TEXT NOT NULL,
    created_by TEXT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX opportunities_place ON opportunities(place_id, status);
CREATE INDEX opportunities_group ON opportunities(group_id);

CREATE TABLE opportunity_responses (
    id TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX opportunity_responses_opportunity ON opportunity_responses(opportunity_id);
CREATE INDEX opportunity_responses_person ON opportunity_responses(person_id);

CREATE TABLE opportunity_replies (
    id TEXT PRIMARY KEY,
    response_id TEXT NOT NULL REFERENCES opportunity_responses(id) ON DELETE CASCADE,
    author_id TEXT REFERENCES people(id) ON DELETE SET NULL,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX opportunity_replies_response ON opportunity_replies(response_id);
