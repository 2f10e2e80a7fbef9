-- Community voice (issue 5). Proposals: residents propose, support (once
-- each, by the primary key), discuss in threaded comments, and follow; a
-- verified public body or the place's stewards answer, then record progress.
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'removed')),
    -- The state of the latest official answer; NULL until there is one.
    answer_state TEXT CHECK (answer_state IN ('under_consideration', 'accepted', 'in_progress', 'done',
        'not_taken_forward')),
    created_at BIGINT NOT NULL,
    published_at BIGINT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX proposals_place ON proposals (place_id, status, published_at);
CREATE INDEX proposals_published ON proposals (status, published_at);
CREATE INDEX proposals_author ON proposals (author_id);

CREATE TABLE proposal_supports (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
);
CREATE INDEX proposal_supports_person ON proposal_supports (person_id);

-- People told by email when a proposal is answered or its progress updated.
CREATE TABLE proposal_followers (
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, person_id)
);
CREATE INDEX proposal_followers_person ON proposal_followers (person_id);

CREATE TABLE proposal_comments (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    parent_id TEXT REFERENCES proposal_comments(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('visible', 'removed')),
    created_at BIGINT NOT NULL
);
CREATE INDEX proposal_comments_proposal ON proposal_comments (proposal_id, created_at);

CREATE TABLE voice_reports (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    comment_id TEXT NOT NULL REFERENCES proposal_comments(id),
    reporter_id TEXT NOT NULL REFERENCES people(id),
    reason TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'removed')),
    created_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES people(id),
    decided_at BIGINT
);
CREATE INDEX voice_reports_place ON voice_reports (place_id, status);

-- Official answers and progress updates: a public record, append-only.
-- group_id is the verified public body that answered; NULL means the
-- place's stewards did.
CREATE TABLE proposal_answers (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    state TEXT NOT NULL CHECK (state IN ('under_consideration', 'accepted', 'in_progress', 'done',
        'not_taken_forward')),
    body TEXT NOT NULL,
    group_id TEXT REFERENCES groups(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX proposal_answers_proposal ON proposal_answers (proposal_id, created_at);
CREATE INDEX proposal_answers_created ON proposal_answers (created_at);

-- The public log of stewardship and moderation on a place: who acted, in
-- which role, what and why; `subject` names the thing acted on (a proposal,
-- a comment), never the person affected. Append-only.
CREATE TABLE stewardship_log (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    actor_id TEXT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('steward', 'node_admin', 'public_body')),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX stewardship_log_place ON stewardship_log (place_id, created_at);
CREATE TRIGGER proposal_answers_no_update BEFORE UPDATE ON proposal_answers
BEGIN
    SELECT RAISE(ABORT, 'proposal_answers is append-only');
END;
CREATE TRIGGER proposal_answers_no_delete BEFORE DELETE ON proposal_answers
BEGIN
    SELECT RAISE(ABORT, 'proposal_answers is append-only');
END;
CREATE TRIGGER stewardship_log_no_update BEFORE UPDATE ON stewardship_log
BEGIN
    SELECT RAISE(ABORT, 'stewardship_log is append-only');
END;
CREATE TRIGGER stewardship_log_no_delete BEFORE DELETE ON stewardship_log
BEGIN
    SELECT RAISE(ABORT, 'stewardship_log is append-only');
END;

-- Polls. Who voted (poll_voters) and what was voted (poll_ballots) are
-- stored apart with nothing to join them: no person in a ballot, no time
-- in either table, and ballot keys are random (not time-ordered), so
-- neither row order nor ids line a voter up with a ballot. The primary key
-- of poll_voters is one person one vote; the vote writes both rows in one
-- transaction.
CREATE TABLE polls (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    -- Set when only a group's members may vote.
    group_id TEXT REFERENCES groups(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    question TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'approval', 'ranked')),
    max_choices BIGINT NOT NULL,
    eligibility TEXT NOT NULL CHECK (eligibility IN ('place', 'group')),
    results TEXT NOT NULL CHECK (results IN ('live', 'after_close')),
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK ((eligibility = 'group') = (group_id IS NOT NULL))
);
CREATE INDEX polls_place ON polls (place_id, closes_at);

CREATE TABLE poll_options (
    poll_id TEXT NOT NULL REFERENCES polls(id),
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (poll_id, position)
);
-- WITHOUT ROWID: rows are kept in key order (a random ballot key, a
-- person's id), never in the order votes arrived.
CREATE TABLE poll_voters (
    poll_id TEXT NOT NULL REFERENCES polls(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;
CREATE TABLE poll_ballots (
    poll_id TEXT NOT NULL REFERENCES polls(id),
    ballot_key TEXT NOT NULL,
    choices TEXT NOT NULL,
    PRIMARY KEY (poll_id, ballot_key)
) WITHOUT ROWID;

-- Participatory budgets: a sum for a place, projects with costs (reviewed
-- by the place's stewards), a vote whose selections must fit the sum.
-- Voters and ballots are kept apart exactly as for polls.
CREATE TABLE budgets (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    amount BIGINT NOT NULL CHECK (amount > 0),
    stage TEXT NOT NULL CHECK (stage IN ('proposing', 'reviewing', 'voting', 'closed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX budgets_place ON budgets (place_id);

CREATE TABLE budget_projects (
    id TEXT PRIMARY KEY,
    budget_id TEXT NOT NULL REFERENCES budgets(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cost BIGINT NOT NULL CHECK (cost > 0),
    review TEXT NOT NULL CHECK (review IN ('pending', 'accepted', 'rejected')),
    review_note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX budget_projects_budget ON budget_projects (budget_id, created_at);
CREATE TABLE budget_voters (
    budget_id TEXT NOT NULL REFERENCES budgets(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (budget_id, person_id)
) WITHOUT ROWID;
CREATE TABLE budget_ballots (
    budget_id TEXT NOT NULL REFERENCES budgets(id),
    ballot_key TEXT NOT NULL,
    projects TEXT NOT NULL,
    PRIMARY KEY (budget_id, ballot_key)
) WITHOUT ROWID;

-- Consultations by verified public bodies. Respondents and responses are
-- kept apart exactly as voters and ballots are; no page or API shows a
-- response on its own.
CREATE TABLE consultations (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    group_id TEXT NOT NULL REFERENCES groups(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    -- The questions, as JSON (kind, prompt, options).
    questions TEXT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    -- The body's published response, once it has closed.
    response TEXT NOT NULL DEFAULT '',
    responded_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX consultations_place ON consultations (place_id, closes_at);
CREATE TABLE consultation_respondents (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (consultation_id, person_id)
) WITHOUT ROWID;
CREATE TABLE consultation_responses (
    consultation_id TEXT NOT NULL REFERENCES consultations(id),
    response_key TEXT NOT NULL,
    answers TEXT NOT NULL,
    PRIMARY KEY (consultation_id, response_key)
) WITHOUT ROWID;
