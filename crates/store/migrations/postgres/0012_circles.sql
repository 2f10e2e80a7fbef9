-- Savings circles. Nothing here is public, federated or searchable: no
-- search trigger, no feed item, no export reads these tables.

CREATE TABLE circles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Each member's contribution per round, in minor units of `currency`.
    amount BIGINT NOT NULL CHECK (amount > 0 AND amount <= 100000000),
    currency TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'fortnightly', 'monthly')),
    -- The current cycle's first due date (unix seconds, start of the day).
    start_on BIGINT NOT NULL,
    seats BIGINT NOT NULL CHECK (seats >= 2 AND seats <= 30),
    rules TEXT NOT NULL,
    payout_order TEXT NOT NULL CHECK (payout_order IN ('fixed', 'draw')),
    status TEXT NOT NULL CHECK (status IN ('forming', 'running', 'finished', 'wound_up')),
    cycle BIGINT NOT NULL DEFAULT 1,
    -- Bumped by every change to the circle's membership or ledger: the
    -- UPDATE takes the row's lock (PostgreSQL), so the checks and the write
    -- of each change happen as one step, and it numbers the entries.
    version BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    ended_at BIGINT
);

CREATE TABLE circle_members (
    circle_id TEXT NOT NULL REFERENCES circles(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    -- The order members joined in, 1…seats; the draw lists secrets by it.
    seat BIGINT NOT NULL CHECK (seat >= 1),
    -- The round whose pot they receive.
    position BIGINT NOT NULL,
    organiser BIGINT NOT NULL DEFAULT 0,
    accepted_rules_at BIGINT NOT NULL,
    -- The fair draw: SHA-256 (hex) of their secret, then the secret.
    commitment TEXT,
    secret TEXT,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (circle_id, person_id),
    UNIQUE (circle_id, seat)
);
CREATE INDEX circle_members_person ON circle_members (person_id);

CREATE TABLE circle_invitations (
    token_hash TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles(id),
    created_by TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE circle_swaps (
    id TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles(id),
    cycle BIGINT NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES people(id),
    proposed_to TEXT NOT NULL REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX circle_swaps_circle ON circle_swaps (circle_id);

-- The ledger. Append-only: triggers below refuse any UPDATE or DELETE, and
-- the unique indexes refuse a second confirmation, dispute or correction of
-- one contribution, a second payout of a round, a second payout to one
-- member in a cycle, and two live records of one member's payment.
CREATE TABLE circle_entries (
    id TEXT PRIMARY KEY,
    circle_id TEXT NOT NULL REFERENCES circles(id),
    seq BIGINT NOT NULL,
    cycle BIGINT NOT NULL,
    round BIGINT NOT NULL CHECK (round >= 1),
    kind TEXT NOT NULL CHECK (kind IN ('contribution', 'confirmation', 'dispute', 'correction', 'payout')),
    member_id TEXT NOT NULL REFERENCES people(id),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    recorded_by TEXT NOT NULL REFERENCES people(id),
    refers_to TEXT REFERENCES circle_entries(id),
    paid_on BIGINT,
    note TEXT NOT NULL DEFAULT '',
    attempt BIGINT NOT NULL DEFAULT 0,
    recorded_at BIGINT NOT NULL,
    UNIQUE (circle_id, seq),
    CHECK ((kind IN ('contribution', 'payout')) = (refers_to IS NULL)),
    CHECK ((kind IN ('contribution', 'payout')) = (amount > 0))
);
CREATE INDEX circle_entries_circle ON circle_entries (circle_id, cycle, round);
CREATE UNIQUE INDEX circle_entries_one_confirmation ON circle_entries (refers_to) WHERE kind = 'confirmation';
CREATE UNIQUE INDEX circle_entries_one_dispute ON circle_entries (refers_to) WHERE kind = 'dispute';
CREATE UNIQUE INDEX circle_entries_one_correction ON circle_entries (refers_to) WHERE kind = 'correction';
CREATE UNIQUE INDEX circle_entries_one_payout_per_round ON circle_entries (circle_id, cycle, round) WHERE kind = 'payout';
CREATE UNIQUE INDEX circle_entries_one_payout_per_member ON circle_entries (circle_id, cycle, member_id) WHERE kind = 'payout';
CREATE UNIQUE INDEX circle_entries_one_live_contribution
    ON circle_entries (circle_id, cycle, round, member_id, attempt) WHERE kind = 'contribution';

-- Reminders sent: the row is the claim, so several workers send each once.
CREATE TABLE circle_reminders (
    circle_id TEXT NOT NULL REFERENCES circles(id),
    cycle BIGINT NOT NULL,
    round BIGINT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('due', 'late')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (circle_id, cycle, round, person_id, kind)
);

CREATE FUNCTION circle_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'circle_entries is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER circle_entries_no_change BEFORE UPDATE OR DELETE ON circle_entries
    FOR EACH ROW EXECUTE FUNCTION circle_entries_append_only();
CREATE TRIGGER circle_entries_no_truncate BEFORE TRUNCATE ON circle_entries
    FOR EACH STATEMENT EXECUTE FUNCTION circle_entries_append_only();
