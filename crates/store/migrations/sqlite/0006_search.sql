-- Search: one row per thing that can be found (service, event, opportunity,
-- group), kept in step with its source table by triggers, so every writer —
-- pages, API, imports, cascaded deletes of an erased group — updates the
-- index in the same transaction without having to remember to.
-- `visible` is 1 only for what anyone may see (no drafts, no closed or
-- defunct things); distance uses `lat`/`lon` (a service: its first located
-- location). Words are indexed by FTS5 with English stemming.
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

CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, content = 'search_documents', content_rowid = 'rowid', tokenize = 'porter unicode61'
);

CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
END;
CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
END;
CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
END;

-- SQLite has no "AFTER INSERT OR UPDATE" trigger, so each source has the
-- same upsert twice; an update also re-creates a missing row (rebuild).

-- Services. The point is the service's first location that has one.
CREATE TRIGGER search_service_insert AFTER INSERT ON directory_services BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, lat, lon, created_at, updated_at)
    VALUES ('service', NEW.id, NEW.place_id, NEW.group_id, NEW.name,
            NEW.description || ' ' || NEW.eligibility_description,
            CASE WHEN NEW.status IN ('active', 'temporarily closed') THEN 1 ELSE 0 END,
            (SELECT l.latitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
             WHERE x.service_id = NEW.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
            (SELECT l.longitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
             WHERE x.service_id = NEW.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
            NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, lat = excluded.lat,
        lon = excluded.lon, updated_at = excluded.updated_at;
END;
CREATE TRIGGER search_service_update
AFTER UPDATE OF name, description, eligibility_description, status, place_id, group_id ON directory_services BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, lat, lon, created_at, updated_at)
    VALUES ('service', NEW.id, NEW.place_id, NEW.group_id, NEW.name,
            NEW.description || ' ' || NEW.eligibility_description,
            CASE WHEN NEW.status IN ('active', 'temporarily closed') THEN 1 ELSE 0 END,
            (SELECT l.latitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
             WHERE x.service_id = NEW.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
            (SELECT l.longitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
             WHERE x.service_id = NEW.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
            NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, lat = excluded.lat,
        lon = excluded.lon, updated_at = excluded.updated_at;
END;
CREATE TRIGGER search_service_delete AFTER DELETE ON directory_services BEGIN
    DELETE FROM search_documents WHERE kind = 'service' AND id = OLD.id;
END;
CREATE TRIGGER search_service_located AFTER INSERT ON directory_service_at_location BEGIN
    UPDATE search_documents SET
        lat = (SELECT l.latitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = NEW.service_id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
        lon = (SELECT l.longitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = NEW.service_id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1)
    WHERE kind = 'service' AND id = NEW.service_id;
END;
CREATE TRIGGER search_service_unlocated AFTER DELETE ON directory_service_at_location BEGIN
    UPDATE search_documents SET
        lat = (SELECT l.latitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = OLD.service_id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
        lon = (SELECT l.longitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = OLD.service_id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1)
    WHERE kind = 'service' AND id = OLD.service_id;
END;
CREATE TRIGGER search_location_moved AFTER UPDATE OF latitude, longitude ON directory_locations BEGIN
    UPDATE search_documents SET
        lat = (SELECT l.latitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = search_documents.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1),
        lon = (SELECT l.longitude FROM directory_service_at_location x JOIN directory_locations l ON l.id = x.location_id
               WHERE x.service_id = search_documents.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1)
    WHERE kind = 'service' AND id IN (SELECT service_id FROM directory_service_at_location WHERE location_id = NEW.id);
END;

-- Events: drafts are invisible; cancelled events stay visible (and say so).
CREATE TRIGGER search_event_insert AFTER INSERT ON events BEGIN
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
END;
CREATE TRIGGER search_event_update
AFTER UPDATE OF title, description, venue, address, status, lat, lon, is_free, accessibility, languages,
    starts_at, last_starts_at, place_id, group_id ON events BEGIN
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
END;
CREATE TRIGGER search_event_delete AFTER DELETE ON events BEGIN
    DELETE FROM search_documents WHERE kind = 'event' AND id = OLD.id;
END;

-- Opportunities: only published ones, until they close.
CREATE TRIGGER search_opportunity_insert AFTER INSERT ON opportunities BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, closes_at, created_at, updated_at)
    VALUES ('opportunity', NEW.id, NEW.place_id, NEW.group_id, NEW.title,
            NEW.description || ' ' || NEW.skills || ' ' || NEW.location,
            CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END, NEW.closes_on, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, closes_at = excluded.closes_at,
        updated_at = excluded.updated_at;
END;
CREATE TRIGGER search_opportunity_update
AFTER UPDATE OF title, description, skills, location, status, closes_on, place_id, group_id ON opportunities BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, closes_at, created_at, updated_at)
    VALUES ('opportunity', NEW.id, NEW.place_id, NEW.group_id, NEW.title,
            NEW.description || ' ' || NEW.skills || ' ' || NEW.location,
            CASE WHEN NEW.status = 'published' THEN 1 ELSE 0 END, NEW.closes_on, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, closes_at = excluded.closes_at,
        updated_at = excluded.updated_at;
END;
CREATE TRIGGER search_opportunity_delete AFTER DELETE ON opportunities BEGIN
    DELETE FROM search_documents WHERE kind = 'opportunity' AND id = OLD.id;
END;

-- Groups are public.
CREATE TRIGGER search_group_insert AFTER INSERT ON groups BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, created_at, updated_at)
    VALUES ('group', NEW.id, NEW.place_id, NEW.id, NEW.name, NEW.description, 1, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, title = excluded.title, body = excluded.body,
        updated_at = excluded.updated_at;
END;
CREATE TRIGGER search_group_update AFTER UPDATE OF name, description, place_id ON groups BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, created_at, updated_at)
    VALUES ('group', NEW.id, NEW.place_id, NEW.id, NEW.name, NEW.description, 1, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, title = excluded.title, body = excluded.body,
        updated_at = excluded.updated_at;
END;
-- A group's services, events and opportunities go with it (cascades fire
-- their own triggers too; this also covers anything indexed under the group).
CREATE TRIGGER search_group_delete AFTER DELETE ON groups BEGIN
    DELETE FROM search_documents WHERE group_id = OLD.id;
END;

-- Index what exists already: touching a row runs its trigger (this is also
-- how plural_store::search::rebuild works).
UPDATE groups SET name = name;
UPDATE directory_services SET name = name;
UPDATE events SET title = title;
UPDATE opportunities SET title = title;
