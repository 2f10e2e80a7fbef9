-- Surveys (issue 5, part 5): community-run, with the questions of
-- consultations. Who responded (survey_respondents) and what was answered
-- (survey_responses) are kept apart exactly as consultations keep them: no
-- person and no exact time in a response, a random key. `area` (a child place's slug, or '') and `period`
-- (the month, YYYY-MM) are coarse on purpose; insight releases read these
-- columns, and only they.
CREATE TABLE surveys (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    -- The group running it, or NULL when the place's stewards do.
    group_id TEXT REFERENCES groups(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    -- The questions, as JSON (kind, prompt, options), as for consultations.
    questions TEXT NOT NULL,
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX surveys_place ON surveys (place_id, closes_at);
CREATE TABLE survey_respondents (
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (survey_id, person_id)
);
CREATE TABLE survey_responses (
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    response_key TEXT NOT NULL,
    answers TEXT NOT NULL,
    area TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL,
    PRIMARY KEY (survey_id, response_key)
);

-- Local reports: a resident reports an issue in a place. The reporter is
-- kept so they can see their own, and is never shown to anyone else.
-- `category`, `place_id` and `created_at` stay plain columns for insight
-- releases to aggregate by category, area and month.
CREATE TABLE local_reports (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    -- A place within `place_id` the report is about, if chosen.
    area_id TEXT REFERENCES places(id),
    reporter_id TEXT NOT NULL REFERENCES people(id),
    category TEXT NOT NULL CHECK (category IN ('street_lighting', 'fly_tipping', 'potholes_pavements',
        'housing_repairs', 'antisocial_behaviour', 'green_spaces', 'accessibility', 'other')),
    description TEXT NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    status_note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX local_reports_place ON local_reports (place_id, created_at);
CREATE INDEX local_reports_reporter ON local_reports (reporter_id);
-- "Me too": once per person, by the primary key.
CREATE TABLE local_report_confirmations (
    report_id TEXT NOT NULL REFERENCES local_reports(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (report_id, person_id)
);
CREATE INDEX local_report_confirmations_person ON local_report_confirmations (person_id);
-- The photo, re-encoded on upload (no metadata survives), served by the node.
CREATE TABLE local_report_photos (
    report_id TEXT PRIMARY KEY REFERENCES local_reports(id),
    content_type TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BYTEA NOT NULL
);
