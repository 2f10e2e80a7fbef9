-- A place's home lists its newest active services: each place's few newest
-- are read straight off this index, however many services it has.
CREATE INDEX directory_services_newest ON directory_services (place_id, status, created_at, id);

-- The services listing is by name; this serves its ORDER BY and LIMIT
-- without sorting every service.
CREATE INDEX directory_services_name ON directory_services (name, id);

-- A place's home says how many people call it home: count those, not everyone.
CREATE INDEX people_home_place ON people (home_place_id);
