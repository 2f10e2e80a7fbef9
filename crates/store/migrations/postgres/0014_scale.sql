-- A service's parts may be written before the service in one transaction
-- (`Db::begin_deferred`): its links to locations then exist when the service
-- row's trigger files it for search, so it goes in with its point in one
-- write instead of two. The constraints stay immediate unless a transaction
-- asks otherwise.
ALTER TABLE directory_service_at_location ALTER CONSTRAINT directory_service_at_location_service_id_fkey DEFERRABLE;
ALTER TABLE directory_schedules ALTER CONSTRAINT directory_schedules_service_id_fkey DEFERRABLE;
ALTER TABLE directory_cost_options ALTER CONSTRAINT directory_cost_options_service_id_fkey DEFERRABLE;
ALTER TABLE directory_languages ALTER CONSTRAINT directory_languages_service_id_fkey DEFERRABLE;
ALTER TABLE directory_service_areas ALTER CONSTRAINT directory_service_areas_service_id_fkey DEFERRABLE;
ALTER TABLE directory_service_terms ALTER CONSTRAINT directory_service_terms_service_id_fkey DEFERRABLE;

-- "What's on this week" in a place reads events that started before the
-- week ends and have an occurrence after it begins. With the start in the
-- index, the events that only end later (most of a busy place's future) are
-- passed over in the index instead of being read from the table: at a
-- million records a place page's events query read 4,180 table pages for
-- 372 rows (56 ms), and reads 429 with it (9 ms, cold).
DROP INDEX events_place;
CREATE INDEX events_place ON events (place_id, status, last_starts_at, starts_at);

-- Searches near a point are narrowed by the grid cells in the words index
-- (0011). The planner still ANDed this (lat, lon) index in, and for things
-- without a point of their own it walked every NULL latitude (half a million
-- entries at a million records): 147 ms for a search that takes 38 ms from
-- the words index alone. Beyond the cells' reach a bounding box covers most
-- of a node, where this index never helped.
DROP INDEX search_documents_point;
