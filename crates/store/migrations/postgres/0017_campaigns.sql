-- Campaigns: a group in a place working towards a goal. Plural records
-- signatures and pledges; it never takes payments.
CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id),
    place_id TEXT NOT NULL REFERENCES places(id),
    title TEXT NOT NULL,
    goal TEXT NOT NULL,
    -- Markdown, rendered through the sanitiser.
    story TEXT NOT NULL DEFAULT '',
    -- Who must act: the council, the owner.
    target TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'won', 'lost', 'ended')),
    outcome TEXT NOT NULL DEFAULT '',
    petition BIGINT NOT NULL DEFAULT 0,
    petition_text TEXT NOT NULL DEFAULT '',
    -- Signatures wanted; 0 for no threshold.
    threshold BIGINT NOT NULL DEFAULT 0,
    -- Postcode districts counted as local besides the place (space separated).
    local_districts TEXT NOT NULL DEFAULT '',
    pledges BIGINT NOT NULL DEFAULT 0,
    -- The blueprint it was adopted from, if any: id, version and the
    -- SHA-256 of the blueprint's canonical form.
    blueprint_id TEXT,
    blueprint_version TEXT,
    blueprint_digest TEXT,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX campaigns_place ON campaigns (place_id, status);
CREATE INDEX campaigns_group ON campaigns (group_id);

CREATE TABLE campaign_stages (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    -- Unix start of the deadline's day, if it has one.
    due_on BIGINT,
    done BIGINT NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, position)
);

CREATE TABLE campaign_updates (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX campaign_updates_campaign ON campaign_updates (campaign_id, created_at);

CREATE TABLE campaign_events (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    event_id TEXT NOT NULL REFERENCES events(id),
    PRIMARY KEY (campaign_id, event_id)
);

-- One signature per person and campaign, enforced here. Where a signer
-- lives is a place or a postcode district, never an address; `local` is
-- decided when they sign.
CREATE TABLE campaign_signatures (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    display TEXT NOT NULL CHECK (display IN ('name', 'first_name', 'anonymous')),
    locality_kind TEXT NOT NULL CHECK (locality_kind IN ('place', 'postcode')),
    locality TEXT NOT NULL,
    local BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);
CREATE INDEX campaign_signatures_time ON campaign_signatures (campaign_id, created_at);

-- Pledges: amounts in pence (money, shares) or hours (time).
CREATE TABLE campaign_pledges (
    id TEXT PRIMARY KEY,
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('money', 'time', 'shares')),
    amount BIGINT NOT NULL CHECK (amount > 0),
    condition TEXT NOT NULL DEFAULT '',
    withdrawn BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX campaign_pledges_campaign ON campaign_pledges (campaign_id);

-- Supporters who opted in to updates by email.
CREATE TABLE campaign_supporters (
    campaign_id TEXT NOT NULL REFERENCES campaigns(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, person_id)
);
