-- Every page of the HSDS services list says how many services there are in
-- all (`total_items`). Counting them each time read the whole table: 30 to
-- 75 ms a page at 510,000 services, so the list managed 17 pages a second
-- in `plural-bench table` at 1M records. The count is kept here instead,
-- by statement triggers: one update per INSERT or DELETE statement, however
-- many rows it moves, so bulk imports pay once per batch.
CREATE TABLE directory_service_count (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    services BIGINT NOT NULL
);
INSERT INTO directory_service_count (only_row, services) SELECT TRUE, COUNT(*) FROM directory_services;

CREATE FUNCTION directory_services_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_service_count SET services = services + (SELECT COUNT(*) FROM added);
    RETURN NULL;
END $$;
CREATE FUNCTION directory_services_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_service_count SET services = services - (SELECT COUNT(*) FROM removed);
    RETURN NULL;
END $$;
CREATE TRIGGER directory_services_counted_in AFTER INSERT ON directory_services
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION directory_services_added();
CREATE TRIGGER directory_services_counted_out AFTER DELETE ON directory_services
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION directory_services_removed();
CREATE FUNCTION directory_services_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE directory_service_count SET services = 0;
    RETURN NULL;
END $$;
CREATE TRIGGER directory_services_counted_truncate AFTER TRUNCATE ON directory_services
    FOR EACH STATEMENT EXECUTE FUNCTION directory_services_emptied();
