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
