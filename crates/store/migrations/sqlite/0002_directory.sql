-- The directory of services (Open Referral / HSDS 3.0). An HSDS organization
-- is a group; these tables hold what the directory adds to it.

-- Public contact details of an organisation (never of its people).
CREATE TABLE directory_org_details (
    group_id TEXT PRIMARY KEY REFERENCES groups(id) ON DELETE CASCADE,
    website TEXT,
    email TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE directory_phones (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_phones_group ON directory_phones(group_id);

CREATE TABLE directory_taxonomies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    uri TEXT,
    version TEXT
);

CREATE TABLE directory_taxonomy_terms (
    id TEXT PRIMARY KEY,
    taxonomy_id TEXT NOT NULL REFERENCES directory_taxonomies(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    parent_id TEXT REFERENCES directory_taxonomy_terms(id),
    position BIGINT NOT NULL DEFAULT 0,
    UNIQUE (taxonomy_id, code)
);

CREATE TABLE directory_services (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    url TEXT,
    email TEXT,
    status TEXT NOT NULL,
    eligibility_description TEXT NOT NULL DEFAULT '',
    last_reviewed TEXT,
    created_by TEXT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX directory_services_group ON directory_services(group_id);
CREATE INDEX directory_services_place ON directory_services(place_id);
CREATE INDEX directory_services_updated ON directory_services(updated_at);

CREATE TABLE directory_locations (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    address_1 TEXT NOT NULL DEFAULT '',
    address_2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    accessibility TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_locations_group ON directory_locations(group_id);

CREATE TABLE directory_service_at_location (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES directory_locations(id) ON DELETE CASCADE,
    UNIQUE (service_id, location_id)
);

CREATE TABLE directory_schedules (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    freq TEXT NOT NULL,
    byday TEXT NOT NULL,
    opens_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_schedules_service ON directory_schedules(service_id);

-- Money in integer minor units (pence), never floating point.
CREATE TABLE directory_cost_options (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    free BIGINT NOT NULL,
    amount_minor BIGINT,
    currency TEXT,
    description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX directory_cost_options_service ON directory_cost_options(service_id);

CREATE TABLE directory_languages (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    code TEXT NOT NULL
);
CREATE INDEX directory_languages_service ON directory_languages(service_id);

CREATE TABLE directory_service_areas (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    place_id TEXT NOT NULL REFERENCES places(id)
);
CREATE INDEX directory_service_areas_service ON directory_service_areas(service_id);

CREATE TABLE directory_service_terms (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES directory_services(id) ON DELETE CASCADE,
    term_id TEXT NOT NULL REFERENCES directory_taxonomy_terms(id),
    UNIQUE (service_id, term_id)
);
CREATE INDEX directory_service_terms_term ON directory_service_terms(term_id);

INSERT INTO directory_taxonomies (id, name, description, uri, version) VALUES
('6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'Plural community services', 'The categories of community services Plural ships with.', NULL, '1');

INSERT INTO directory_taxonomy_terms (id, taxonomy_id, code, name, description, parent_id, position) VALUES
('6c8e1f2a-5b7d-4c3e-9a10-000000000001', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'food', 'Food', 'Food banks, pantries, community meals and food sharing.', NULL, 1),
('6c8e1f2a-5b7d-4c3e-9a10-000000000002', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'money-and-debt', 'Money and debt', 'Benefits, budgeting and debt advice.', NULL, 2),
('6c8e1f2a-5b7d-4c3e-9a10-000000000003', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'housing', 'Housing', 'Housing advice, repairs and homelessness support.', NULL, 3),
('6c8e1f2a-5b7d-4c3e-9a10-000000000004', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'health-and-wellbeing', 'Health and wellbeing', 'Physical health, exercise and wellbeing.', NULL, 4),
('6c8e1f2a-5b7d-4c3e-9a10-000000000005', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'digital-access', 'Digital access and free wifi', 'Free wifi, devices and help getting online.', NULL, 5),
('6c8e1f2a-5b7d-4c3e-9a10-000000000006', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'work-and-skills', 'Work and skills', 'Jobs, training, classes and skills.', NULL, 6),
('6c8e1f2a-5b7d-4c3e-9a10-000000000007', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'families-and-children', 'Families and children', 'Support and activities for families, children and young people.', NULL, 7),
('6c8e1f2a-5b7d-4c3e-9a10-000000000008', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'older-people', 'Older people', 'Support and activities for older people.', NULL, 8),
('6c8e1f2a-5b7d-4c3e-9a10-000000000009', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'social-and-leisure', 'Social and leisure', 'Clubs, groups and things to do together.', NULL, 9),
('6c8e1f2a-5b7d-4c3e-9a10-000000000010', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'volunteering', 'Volunteering', 'Ways to give time to the community.', NULL, 10),
('6c8e1f2a-5b7d-4c3e-9a10-000000000011', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'legal-advice', 'Legal advice', 'Free or low-cost legal advice.', NULL, 11),
('6c8e1f2a-5b7d-4c3e-9a10-000000000012', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'mental-health', 'Mental health', 'Support for mental health and emotional wellbeing.', NULL, 12),
('6c8e1f2a-5b7d-4c3e-9a10-000000000013', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'disability', 'Disability', 'Support for disabled people and carers.', NULL, 13),
('6c8e1f2a-5b7d-4c3e-9a10-000000000014', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'refugees-and-migrants', 'Refugees and migrants', 'Support for refugees, asylum seekers and migrants.', NULL, 14),
('6c8e1f2a-5b7d-4c3e-9a10-000000000015', '6c8e1f2a-5b7d-4c3e-9a10-000000000000', 'transport', 'Transport', 'Community transport and help getting around.', NULL, 15);
