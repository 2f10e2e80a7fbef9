-- Every lookup by place is served by the first column of
-- directory_services_newest (place_id, status, created_at, id); this one
-- only cost each write an index entry. (On PostgreSQL this migration also
-- files new services in search with statement triggers, which SQLite has not.)
DROP INDEX directory_services_place;
