-- Dated search at a million records. A search for "advice" near a point in
-- the next fortnight found its word in the nearby cells through the index,
-- then read every such row to throw away the services and the events far
-- from those dates: nine rows in ten, 23 ms of heap reads. So each event is
-- also filed under a token for every week its occurrences span (first start
-- to last end), or under 'wlong' when that is more than 64 weeks or has no
-- end, and a dated search asks the index for its weeks too. Near a point it
-- asks for cell-and-week tokens ('g7857x6201w2969'): far rarer than either
-- part, so the index starts from a tenth of what the cells alone hold (GIN
-- 5.6-10 ms -> 1.4-1.6 ms for a common word near a point at 1M records).
-- The arithmetic is the kernel's (`search::weeks_between`): week = floor(t / 604800).

ALTER TABLE search_documents ADD COLUMN weeks TEXT[];

CREATE FUNCTION search_weeks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE length BIGINT; first BIGINT; last BIGINT;
BEGIN
    IF NEW.kind <> 'event' OR NEW.starts_at IS NULL THEN
        NEW.weeks := NULL;
        RETURN NEW;
    END IF;
    SELECT ends_at - starts_at INTO length FROM events WHERE id = NEW.id;
    first := floor(NEW.starts_at / 604800.0);
    last := floor((COALESCE(NEW.last_starts_at, NEW.starts_at) + GREATEST(COALESCE(length, 0), 1) - 1) / 604800.0);
    NEW.weeks := CASE WHEN NEW.last_starts_at IS NULL OR last - first >= 64 THEN ARRAY['wlong']
        ELSE ARRAY(SELECT 'w' || w FROM generate_series(first, last) w) END;
    -- The cell is set by `search_near_cell`, which fires first (by name).
    IF NEW.near_cell IS NOT NULL THEN
        NEW.weeks := NEW.weeks || ARRAY(SELECT NEW.near_cell || w FROM unnest(NEW.weeks) w);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER search_weeks BEFORE INSERT OR UPDATE OF starts_at, last_starts_at, lat, lon, place_id
    ON search_documents FOR EACH ROW EXECUTE FUNCTION search_weeks();

-- An event's length is not in its search document: when it changes, file it again.
CREATE FUNCTION search_event_length() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_documents SET starts_at = starts_at WHERE kind = 'event' AND id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER search_event_length AFTER UPDATE OF ends_at ON events
    FOR EACH ROW WHEN (OLD.ends_at IS DISTINCT FROM NEW.ends_at) EXECUTE FUNCTION search_event_length();

-- File what is already there (before the words are rebuilt, so each row's
-- words are computed once), then index the weeks with the words and cells.
DROP INDEX search_documents_words;
ALTER TABLE search_documents DROP COLUMN words;
UPDATE search_documents SET starts_at = starts_at WHERE kind = 'event';
ALTER TABLE search_documents ADD COLUMN words tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    || array_to_tsvector(array_remove(near_cell || COALESCE(weeks, '{}'::TEXT[]), NULL))
) STORED;
CREATE INDEX search_documents_words ON search_documents USING GIN (words);
