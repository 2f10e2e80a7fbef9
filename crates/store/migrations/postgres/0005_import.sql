-- Records imported from another directory (HSDS), by the id they had there,
-- so importing the same data again updates what it made instead of copying it.
CREATE TABLE import_external_ids (
    kind TEXT NOT NULL,
    external_id TEXT NOT NULL,
    local_id TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (kind, external_id)
);
