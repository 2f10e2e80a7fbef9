-- Mutual aid: offers of and requests for everyday help in a place. Where
-- is only ever a place, never an address.
CREATE TABLE aid_posts (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('offer', 'request')),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    when_text TEXT NOT NULL DEFAULT '',
    expires_at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'removed')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX aid_posts_place ON aid_posts (place_id, status, expires_at);
CREATE INDEX aid_posts_author ON aid_posts (author_id);

-- Responding to a post opens a conversation between its author and the
-- responder, and nobody else: one per responder and post.
CREATE TABLE aid_conversations (
    id TEXT PRIMARY KEY,
    post_id TEXT NOT NULL REFERENCES aid_posts(id),
    author_id TEXT NOT NULL REFERENCES people(id),
    responder_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (post_id, responder_id)
);
CREATE INDEX aid_conversations_author ON aid_conversations (author_id);
CREATE INDEX aid_conversations_responder ON aid_conversations (responder_id);

CREATE TABLE aid_messages (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES aid_conversations(id),
    sender_id TEXT NOT NULL REFERENCES people(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX aid_messages_conversation ON aid_messages (conversation_id, created_at);

-- A block stops two people reaching each other through mutual aid, both ways.
CREATE TABLE aid_blocks (
    blocker_id TEXT NOT NULL REFERENCES people(id),
    blocked_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

-- The people who look after a place's mutual aid (besides node admins):
-- they see its reports and can take posts down.
CREATE TABLE place_stewards (
    place_id TEXT NOT NULL REFERENCES places(id),
    person_id TEXT NOT NULL REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (place_id, person_id)
);

CREATE TABLE aid_reports (
    id TEXT PRIMARY KEY,
    place_id TEXT NOT NULL REFERENCES places(id),
    post_id TEXT NOT NULL REFERENCES aid_posts(id),
    reporter_id TEXT NOT NULL REFERENCES people(id),
    -- Who is reported: the post's author, or the other side of a conversation.
    person_id TEXT NOT NULL REFERENCES people(id),
    reason TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('open', 'dismissed', 'removed')),
    created_at BIGINT NOT NULL,
    decided_by TEXT REFERENCES people(id),
    decided_at BIGINT
);
CREATE INDEX aid_reports_place ON aid_reports (place_id, status);

-- The time bank: hours given between members. Append-only like a circle's
-- ledger: triggers refuse UPDATE and DELETE; one confirmation, dispute or
-- correction per record.
CREATE TABLE timebank_entries (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('record', 'confirmation', 'dispute', 'correction')),
    giver_id TEXT NOT NULL REFERENCES people(id),
    receiver_id TEXT NOT NULL REFERENCES people(id),
    minutes BIGINT NOT NULL CHECK (minutes >= 0 AND minutes <= 720),
    description TEXT NOT NULL DEFAULT '',
    done_on BIGINT,
    recorded_by TEXT NOT NULL REFERENCES people(id),
    refers_to TEXT REFERENCES timebank_entries(id),
    note TEXT NOT NULL DEFAULT '',
    recorded_at BIGINT NOT NULL,
    CHECK (giver_id <> receiver_id),
    CHECK ((kind = 'record') = (refers_to IS NULL)),
    CHECK ((kind = 'record') = (minutes > 0))
);
CREATE INDEX timebank_entries_giver ON timebank_entries (giver_id);
CREATE INDEX timebank_entries_receiver ON timebank_entries (receiver_id);
CREATE UNIQUE INDEX timebank_entries_one_confirmation ON timebank_entries (refers_to) WHERE kind = 'confirmation';
CREATE UNIQUE INDEX timebank_entries_one_dispute ON timebank_entries (refers_to) WHERE kind = 'dispute';
CREATE UNIQUE INDEX timebank_entries_one_correction ON timebank_entries (refers_to) WHERE kind = 'correction';
CREATE FUNCTION timebank_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'timebank_entries is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER timebank_entries_no_change BEFORE UPDATE OR DELETE ON timebank_entries
    FOR EACH ROW EXECUTE FUNCTION timebank_entries_append_only();
CREATE TRIGGER timebank_entries_no_truncate BEFORE TRUNCATE ON timebank_entries
    FOR EACH STATEMENT EXECUTE FUNCTION timebank_entries_append_only();
