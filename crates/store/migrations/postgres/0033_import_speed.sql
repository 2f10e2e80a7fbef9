-- Writing many services at once (an HSDS import writes an organisation's
-- services, and their locations, one statement per table). Row triggers
-- ran one INSERT into search_documents per service: PostgreSQL sets up
-- that INSERT's executor (its generated words column, its indexes, its
-- conflict check) on every call, and it was the largest part of an import's
-- time. New services are now filed by a statement trigger: one INSERT
-- however many services came in. Deletes and updates, which come one at a
-- time, keep the row trigger.
--
-- New service-at-location links keep their row trigger: an import writes
-- them before their services, so it finds no search document to move, and a
-- statement trigger's UPDATE, planned knowing nothing of the rows it would
-- be given, read every search document each time (an import of 100,000
-- services took four times as long).

DROP TRIGGER search_service ON directory_services;
CREATE TRIGGER search_service AFTER DELETE
    OR UPDATE OF name, description, eligibility_description, status, place_id, group_id
    ON directory_services FOR EACH ROW EXECUTE FUNCTION search_index_service();

-- The same row as `search_index_service` makes; the point as
-- `search_service_point` finds it (the first located link, in id order).
CREATE FUNCTION search_index_services_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_documents (kind, id, place_id, group_id, title, body, visible, lat, lon, created_at, updated_at)
    SELECT 'service', a.id, a.place_id, a.group_id, a.name, a.description || ' ' || a.eligibility_description,
           CASE WHEN a.status IN ('active', 'temporarily closed') THEN 1 ELSE 0 END,
           p.latitude, p.longitude, a.created_at, a.updated_at
    FROM added a
    LEFT JOIN LATERAL (
        SELECT l.latitude, l.longitude FROM directory_service_at_location x
        JOIN directory_locations l ON l.id = x.location_id
        WHERE x.service_id = a.id AND l.latitude IS NOT NULL ORDER BY x.service_id, x.id LIMIT 1
    ) p ON TRUE
    ON CONFLICT (kind, id) DO UPDATE SET place_id = excluded.place_id, group_id = excluded.group_id,
        title = excluded.title, body = excluded.body, visible = excluded.visible, lat = excluded.lat,
        lon = excluded.lon, updated_at = excluded.updated_at;
    RETURN NULL;
END $$;
CREATE TRIGGER search_services_added AFTER INSERT ON directory_services
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION search_index_services_added();

-- Every lookup by place is served by the first column of
-- directory_services_newest (place_id, status, created_at, id); this one
-- only cost each write an index entry.
DROP INDEX directory_services_place;
