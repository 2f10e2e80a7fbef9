-- Search: one row per thing that can be found (service, event, opportunity,
-- group), kept in step with its source table by triggers, so every writer —
-- pages, API, imports, cascaded deletes of an erased group — updates the
-- index in the same transaction without having to remember to.
-- `visible` is 1 only for what anyone may see (no drafts, no closed or
-- defunct things); distance uses `lat`/`lon` (a service: its first located
-- location). Words are indexed as an English tsvector (stemmed), title
-- weighted above body.
CREATE TABLE search_documents (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    place_id TEXT NOT NULL,
    group_id TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    visible BIGINT NOT NULL,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    is_free BIGINT,
    accessibility TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '',
    starts_at BIGINT,
    last_starts_at BIGINT,
    closes_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    words tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')
    ) STORED,
    UNIQUE (kind, id)
);
CREATE INDEX search_documents_place ON search_documents (place_id, kind, visible);
CREATE INDEX search_documents_point ON search_documents (lat, lon);
CREATE INDEX search_documents_created ON search_documents (kind, created_at);
-- Excerpts are read for one page of hits by id alone (not kind and id):
-- without this index that read scanned every document.
CREATE INDEX search_documents_id ON search_documents (id);
-- A service's point is its first link's location, found through this index
-- ("WHERE service_id = ? ORDER BY service_id, id LIMIT 1"). Ordering by the
-- index's own columns matters: ordered by id alone, a generic plan walks
-- every link in id order looking for the service, which grows with the table.
CREATE INDEX directory_service_at_location_service ON directory_service_at_location (service_id, id);
CREATE INDEX search_documents_words ON search_documents USING GIN (words);

-- A service's point: its first location that has one.
-- PL/pgSQL, not SQL: a SQL function called from a row trigger is planned
-- again on every call (about a millisecond each); PL/pgSQL keeps its plan.
CREATE FUNCTION search_service_point(service TEXT, OUT lat DOUBLE PRECISION, OUT lon DOUBLE PRECISION)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT l.latitude, l.longitude INTO lat, lon FROM directory_service_at_location x
    JOIN directory_locations l ON l.id = x.location_id
    WHERE x.service_id = service AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1;
END $$;

CREATE FUNCTION search_index_service() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE kind = 'service' AND id = OLD.id;
        RETURN OLD;
    END IF;
    SELECT * INTO p FROM search_service_point(NEW.id);
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, lat, lon, created_at, updated_at)
    VALUES ('service', NEW.id, NEW.place_id, NEW.group_id, NEW.name,
            NEW.description || ' ' || NEW.eligibility_description,
            CASE WHEN NEW.status IN ('active', 'temporarily closed') THEN 1 ELSE 0 END,
            p.lat, p.lon, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, lat = excluded.lat,
        lon = excluded.lon, updated_at = excluded.updated_at;
    RETURN NEW;
END $$;
CREATE TRIGGER search_service AFTER INSERT OR DELETE
    OR UPDATE OF name, description, eligibility_description, status, place_id, group_id
    ON directory_services FOR EACH ROW EXECUTE FUNCTION search_index_service();

CREATE FUNCTION search_index_service_point() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'directory_locations' THEN
        UPDATE search_documents d SET lat = p.lat, lon = p.lon
        FROM directory_service_at_location x, LATERAL search_service_point(x.service_id) p
        WHERE x.location_id = NEW.id AND d.kind = 'service' AND d.id = x.service_id;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' THEN
        UPDATE search_documents d SET lat = p.lat, lon = p.lon FROM search_service_point(OLD.service_id) p
        WHERE d.kind = 'service' AND d.id = OLD.service_id;
        RETURN OLD;
    END IF;
    UPDATE search_documents d SET lat = p.lat, lon = p.lon FROM search_service_point(NEW.service_id) p
    WHERE d.kind = 'service' AND d.id = NEW.service_id;
    RETURN NEW;
END $$;
CREATE TRIGGER search_service_located AFTER INSERT OR DELETE ON directory_service_at_location
    FOR EACH ROW EXECUTE FUNCTION search_index_service_point();
CREATE TRIGGER search_location_moved AFTER UPDATE OF latitude, longitude ON directory_locations
    FOR EACH ROW EXECUTE FUNCTION search_index_service_point();

-- Events: drafts are invisible; cancelled events stay visible (and say so).
CREATE FUNCTION search_index_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE kind = 'event' AND id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, lat, lon, is_free,
        accessibility, languages, starts_at, last_starts_at, created_at, updated_at)
    VALUES ('event', NEW.id, NEW.place_id, NEW.group_id, NEW.title,
            NEW.description || ' ' || NEW.venue || ' ' || NEW.address,
            CASE WHEN NEW.status = 'draft' THEN 0 ELSE 1 END, NEW.lat, NEW.lon, NEW.is_free,
            LOWER(NEW.accessibility), LOWER(NEW.languages), NEW.starts_at, NEW.last_starts_at,
            NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, lat = excluded.lat,
        lon = excluded.lon, is_free = excluded.is_free, accessibility = excluded.accessibility,
        languages = excluded.languages, starts_at = excluded.starts_at, last_starts_at = excluded.last_starts_at,
        updated_at = excluded.updated_at;
    RETURN NEW;
END $$;
CREATE TRIGGER search_event AFTER INSERT OR DELETE
    OR UPDATE OF title, description, venue, address, status, lat, lon, is_free, accessibility, languages,
        starts_at, last_starts_at, place_id, group_id
    ON events FOR EACH ROW EXECUTE FUNCTION search_index_event();

-- Opportunities: only published ones, until they close.
CREATE FUNCTION search_index_opportunity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE kind = 'opportunity' AND id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, closes_at, created_at, updated_at)
    VALUES ('opportunity', NEW.id, NEW.place_id, NEW.group_id, NEW.title,
            NEW.description || ' ' || NEW.skills || ' ' || NEW.location,
            CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END, NEW.closes_on, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, closes_at = excluded.closes_at,
        updated_at = excluded.updated_at;
    RETURN NEW;
END $$;
CREATE TRIGGER search_opportunity AFTER INSERT OR DELETE
    OR UPDATE OF title, description, skills, location, status, closes_on, place_id, group_id
    ON opportunities FOR EACH ROW EXECUTE FUNCTION search_index_opportunity();

-- Groups are public. Deleting one removes everything indexed under it
-- (cascaded deletes fire their own triggers too).
CREATE FUNCTION search_index_group() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM search_documents WHERE group_id = OLD.id;
        RETURN OLD;
    END IF;
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, created_at, updated_at)
    VALUES ('group', NEW.id, NEW.place_id, NEW.id, NEW.name, NEW.description, 1, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, title = excluded.title, body = excluded.body,
        updated_at = excluded.updated_at;
    RETURN NEW;
END $$;
CREATE TRIGGER search_group AFTER INSERT OR DELETE OR UPDATE OF name, description, place_id
    ON groups FOR EACH ROW EXECUTE FUNCTION search_index_group();

-- Index what exists already: touching a row runs its trigger (this is also
-- how plural_store::search::rebuild works).
UPDATE groups SET name = name;
UPDATE directory_services SET name = name;
UPDATE events SET title = title;
UPDATE opportunities SET title = title;
