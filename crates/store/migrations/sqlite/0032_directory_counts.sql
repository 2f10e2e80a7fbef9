-- The HSDS organisations and service-at-location lists say how many there
-- are in all on every page, as the services list does (0031); counting them
-- read every service or joined every link. Both counts are kept by triggers
-- (see the PostgreSQL migration). Deletes by ON DELETE CASCADE fire them too.
ALTER TABLE directory_service_count ADD COLUMN links INTEGER NOT NULL DEFAULT 0;
UPDATE directory_service_count SET links = (SELECT COUNT(*) FROM directory_service_at_location);

-- How many services each group has, one row per group that has any.
CREATE TABLE directory_publishers (
    group_id TEXT PRIMARY KEY,
    services INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO directory_publishers (group_id, services)
    SELECT group_id, COUNT(*) FROM directory_services GROUP BY group_id;
-- The list is by name: walked in this index's order, a page joins the
-- rows it shows instead of sorting every publishing group (20,000 at 1M
-- records: 22-31 ms a page on PostgreSQL, 3 ms with the index).
CREATE INDEX groups_name ON groups (name, id);

CREATE TRIGGER directory_services_published AFTER INSERT ON directory_services
BEGIN
    INSERT INTO directory_publishers (group_id, services) VALUES (NEW.group_id, 1)
        ON CONFLICT (group_id) DO UPDATE SET services = services + 1;
END;
CREATE TRIGGER directory_services_unpublished AFTER DELETE ON directory_services
BEGIN
    UPDATE directory_publishers SET services = services - 1 WHERE group_id = OLD.group_id;
    DELETE FROM directory_publishers WHERE group_id = OLD.group_id AND services <= 0;
END;
CREATE TRIGGER directory_links_counted_in AFTER INSERT ON directory_service_at_location
BEGIN
    UPDATE directory_service_count SET links = links + 1;
END;
CREATE TRIGGER directory_links_counted_out AFTER DELETE ON directory_service_at_location
BEGIN
    UPDATE directory_service_count SET links = links - 1;
END;
