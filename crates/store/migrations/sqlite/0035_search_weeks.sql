-- Dated search at a million records. A search for "advice" near a point in
-- the next fortnight found its word in the nearby cells through
-- `search_near`, then read every such row to throw away the services and the
-- events far from those dates. So each event is also filed under a token for
-- every week its occurrences span (first start to last end), or under
-- 'wlong' when that is more than 64 weeks or has no end, in a third column
-- of `search_near`, and a dated search asks for its weeks too. The arithmetic
-- is the kernel's (`search::weeks_between`): week = floor(t / 604800). SQLite
-- divides towards zero, so the rare event before 1970 is filed as long.

ALTER TABLE search_documents ADD COLUMN weeks TEXT;

-- 0..63: a trigger may not generate a series itself (no WITH in triggers).
CREATE TABLE search_week_offsets (n INTEGER PRIMARY KEY);
WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 63)
INSERT INTO search_week_offsets (n) SELECT n FROM s;

-- The weeks, space-separated, from the document's dates and its event's length.
CREATE TRIGGER search_weeks AFTER UPDATE OF starts_at, last_starts_at ON search_documents
WHEN NEW.kind = 'event' BEGIN
    UPDATE search_documents SET weeks = (
        SELECT CASE WHEN NEW.last_starts_at IS NULL OR NEW.starts_at < 0 OR last - first >= 64 THEN 'wlong'
            ELSE (SELECT group_concat('w' || (first + n), ' ') FROM search_week_offsets WHERE n <= last - first) END
        FROM (SELECT NEW.starts_at / 604800 AS first,
                     (COALESCE(NEW.last_starts_at, NEW.starts_at)
                      + MAX(COALESCE((SELECT ends_at - starts_at FROM events WHERE id = NEW.id), 0), 1) - 1) / 604800 AS last)
    ) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER search_weeks_insert AFTER INSERT ON search_documents WHEN NEW.kind = 'event' BEGIN
    UPDATE search_documents SET starts_at = starts_at WHERE rowid = NEW.rowid;
END;
-- An event's length is not in its search document: when it changes, file it again.
CREATE TRIGGER search_event_length AFTER UPDATE OF ends_at ON events WHEN OLD.ends_at IS NOT NEW.ends_at BEGIN
    UPDATE search_documents SET starts_at = starts_at WHERE kind = 'event' AND id = NEW.id;
END;

-- `search_near` again, with the weeks as a third column: filled from what
-- is there once every event has its weeks.
DROP TRIGGER search_near_index;
DROP TRIGGER search_near_delete;
DROP TABLE search_near;
UPDATE search_documents SET starts_at = starts_at WHERE kind = 'event';
CREATE VIRTUAL TABLE search_near USING fts5 (
    title, body, weeks, content = '', contentless_delete = 1, tokenize = 'porter unicode61'
);
INSERT INTO search_near (rowid, title, body, weeks)
SELECT near_key, title, body, COALESCE(weeks, '') FROM search_documents WHERE near_key IS NOT NULL;
CREATE TRIGGER search_near_index AFTER UPDATE OF near_key, title, body, weeks ON search_documents
WHEN OLD.near_key IS NOT NEW.near_key OR OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body
    OR OLD.weeks IS NOT NEW.weeks BEGIN
    DELETE FROM search_near WHERE rowid = OLD.near_key;
    INSERT INTO search_near (rowid, title, body, weeks)
    SELECT NEW.near_key, NEW.title, NEW.body, COALESCE(NEW.weeks, '') WHERE NEW.near_key IS NOT NULL;
END;
CREATE TRIGGER search_near_delete AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_near WHERE rowid = OLD.near_key;
END;
