-- Search near a point at a million records. A word as common as "advice"
-- is in a sixth of everything; finding its matches near one point meant
-- fetching every match in the node and then checking its point. So each
-- document's words also hold one lexeme naming its search grid cell (the
-- cell of its point, or of its place's centre), and a search near a point
-- asks the GIN index for the words AND any of the nearby cells: the index
-- intersects them before a single row is read. The grid is the kernel's
-- (`search::cell`): 'g' || floor((lat + 90) / 0.018) || 'x' || floor((lon + 180) / 0.029).

-- A place's centre, as `Footprint::centre` computes it (the store sets it
-- on every write; polygons already stored are filled in at start).
ALTER TABLE places ADD COLUMN centre_lat DOUBLE PRECISION, ADD COLUMN centre_lon DOUBLE PRECISION;
UPDATE places SET centre_lat = (footprint::jsonb ->> 'latitude')::DOUBLE PRECISION,
    centre_lon = (footprint::jsonb ->> 'longitude')::DOUBLE PRECISION
WHERE footprint IS NOT NULL AND footprint::jsonb ->> 'type' = 'circle';

ALTER TABLE search_documents ADD COLUMN near_cell TEXT;

CREATE FUNCTION search_near_cell() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE la DOUBLE PRECISION; lo DOUBLE PRECISION;
BEGIN
    IF NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL THEN
        la := NEW.lat; lo := NEW.lon;
    ELSE
        SELECT centre_lat, centre_lon INTO la, lo FROM places WHERE id = NEW.place_id;
    END IF;
    NEW.near_cell := CASE WHEN la IS NULL OR lo IS NULL THEN NULL
        ELSE 'g' || floor((la + 90.0) / 0.018)::BIGINT || 'x' || floor((lo + 180.0) / 0.029)::BIGINT END;
    RETURN NEW;
END $$;
CREATE TRIGGER search_near_cell BEFORE INSERT OR UPDATE OF lat, lon, place_id ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_near_cell();

-- Things with no point of their own move with their place's centre.
CREATE FUNCTION search_near_place() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_documents SET place_id = place_id WHERE place_id = NEW.id AND (lat IS NULL OR lon IS NULL);
    RETURN NEW;
END $$;
CREATE TRIGGER search_near_place AFTER UPDATE OF centre_lat, centre_lon ON places
    FOR EACH ROW EXECUTE FUNCTION search_near_place();

-- File what is already there, then index the cell with the words.
UPDATE search_documents SET place_id = place_id;
DROP INDEX search_documents_words;
ALTER TABLE search_documents DROP COLUMN words;
ALTER TABLE search_documents ADD COLUMN words tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    || CASE WHEN near_cell IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY[near_cell]) END
) STORED;
CREATE INDEX search_documents_words ON search_documents USING GIN (words);
