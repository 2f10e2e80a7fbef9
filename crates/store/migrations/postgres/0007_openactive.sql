-- OpenActive RPDE feeds (Realtime Paged Data Exchange): one row per item a
-- feed has ever shown, live or deleted. Every change that alters what an item
-- shows takes the next number from rpde_clock, in the same transaction, and
-- writes it to `modified`; consumers page by (modified, id).
-- Ids compare byte by byte (COLLATE "C"), as consumers compare afterId, so
-- the order of the feed never depends on the server's locale.
CREATE TABLE rpde_clock (
    id BIGINT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO rpde_clock (id, n) VALUES (1, 0);

CREATE TABLE rpde_items (
    feed TEXT NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    -- No foreign key: a deleted item outlives its event for at least 7 days.
    event_id TEXT NOT NULL,
    -- For sessions, the start the series gives the occurrence; NULL for a series.
    occurrence BIGINT,
    modified BIGINT NOT NULL,
    deleted BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (feed, id)
);
CREATE INDEX rpde_items_order ON rpde_items (feed, modified, id);
CREATE INDEX rpde_items_event ON rpde_items (event_id);
CREATE INDEX rpde_items_pruning ON rpde_items (deleted, changed_at);

-- Sessions are listed a year ahead, so time alone changes the feed: an
-- occurrence enters the window, or ends and leaves it. `due` is when this
-- event's sessions next need looking at; the worker rolls those that are due.
CREATE TABLE rpde_windows (
    event_id TEXT PRIMARY KEY,
    due BIGINT NOT NULL
);
CREATE INDEX rpde_windows_due ON rpde_windows (due);
