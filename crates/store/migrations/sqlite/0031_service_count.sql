-- Every page of the HSDS services list says how many services there are in
-- all (`total_items`); counting them each time read the whole table. The
-- count is kept here instead, by triggers (see the PostgreSQL migration).
-- Services are not replaced with INSERT OR REPLACE anywhere: REPLACE's
-- deletions would not fire the delete trigger.
CREATE TABLE directory_service_count (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    services INTEGER NOT NULL
);
INSERT INTO directory_service_count (only_row, services) SELECT 1, COUNT(*) FROM directory_services;

CREATE TRIGGER directory_services_counted_in AFTER INSERT ON directory_services
BEGIN
    UPDATE directory_service_count SET services = services + 1;
END;
CREATE TRIGGER directory_services_counted_out AFTER DELETE ON directory_services
BEGIN
    UPDATE directory_service_count SET services = services - 1;
END;
