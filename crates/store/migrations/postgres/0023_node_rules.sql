-- Node rules (issue 5, part 7): every change to a node rule, proposed by a
-- member and decided by a poll of the node's members, or made directly by
-- a node admin. Append-only: a row is written when a change is proposed (or
-- made) and its outcome is filled in once, when its poll closes. The
-- effective value of a numeric rule is its latest applied change, else the
-- config file; a domain's block lives in `fed_domains` as before.
CREATE TABLE rule_changes (
    id TEXT PRIMARY KEY,
    -- Rule change N, as the rules page names it.
    number BIGINT NOT NULL UNIQUE,
    rule TEXT NOT NULL CHECK (rule IN ('block_domain', 'unblock_domain', 'min_group_size', 'epsilon_per_dataset')),
    -- The new value as stored and shown (a domain, or a number).
    value TEXT NOT NULL,
    reason TEXT NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES people(id),
    -- members: proposed and decided by a poll; node_admin: made directly.
    actor_role TEXT NOT NULL CHECK (actor_role IN ('members', 'node_admin')),
    poll_id TEXT REFERENCES polls(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'declined')),
    yes_votes BIGINT NOT NULL DEFAULT 0,
    no_votes BIGINT NOT NULL DEFAULT 0,
    -- The quorum the poll was decided against.
    quorum BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    decided_at BIGINT,
    CHECK ((actor_role = 'members') = (poll_id IS NOT NULL))
);
-- One open proposal for the same rule and value at a time.
CREATE UNIQUE INDEX rule_changes_one_open ON rule_changes (rule, value) WHERE status = 'open';
CREATE INDEX rule_changes_rule ON rule_changes (rule, status, number);
CREATE INDEX rule_changes_poll ON rule_changes (poll_id);
