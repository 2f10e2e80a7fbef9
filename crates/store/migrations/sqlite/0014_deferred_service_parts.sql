-- PostgreSQL's 0014 makes the service-part foreign keys deferrable. SQLite
-- defers every foreign key for one transaction with
-- `PRAGMA defer_foreign_keys`, so there is nothing to change here; the file
-- keeps the two migration sets in step.
SELECT 1;
