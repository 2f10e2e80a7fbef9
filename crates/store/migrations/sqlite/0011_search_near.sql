-- Search near a point at a million records. A word as common as "advice"
-- is in a sixth of everything; finding its matches near one point through
-- the main index meant reading every match in the node. So each document is
-- also filed in `search_near`, a second full-text index whose rowid is a
-- "near key": the search grid cell of the document's point (or of its
-- place's centre) in the high bits and the document's rowid in the low 32.
-- The matches of a word within a row of neighbouring cells are then one
-- rowid range of that index. The grid is the kernel's (`search::cell`):
-- row = (lat + 90) / 0.018, column = (lon + 180) / 0.029, both rounded down,
-- key = (row * 12416 + column) << 32 | rowid. The same arithmetic is here.

-- A place's centre, as `Footprint::centre` computes it (the store sets it
-- on every write; polygons already stored are filled in at start).
ALTER TABLE places ADD COLUMN centre_lat DOUBLE PRECISION;
ALTER TABLE places ADD COLUMN centre_lon DOUBLE PRECISION;
UPDATE places SET centre_lat = json_extract(footprint, '$.latitude'), centre_lon = json_extract(footprint, '$.longitude')
WHERE json_extract(footprint, '$.type') = 'circle';

ALTER TABLE search_documents ADD COLUMN near_key BIGINT;
CREATE INDEX search_documents_near ON search_documents (near_key);

-- Contentless: the words are read back (excerpts) from the main index.
CREATE VIRTUAL TABLE search_near USING fts5 (
    title, body, content = '', contentless_delete = 1, tokenize = 'porter unicode61'
);

CREATE TRIGGER search_near_insert AFTER INSERT ON search_documents BEGIN
    UPDATE search_documents SET near_key = (
        SELECT ((CAST((la + 90.0) / 0.018 AS INTEGER) * 12416 + CAST((lo + 180.0) / 0.029 AS INTEGER)) << 32) | NEW.rowid
        FROM (SELECT NEW.lat AS la, NEW.lon AS lo WHERE NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
              UNION ALL
              SELECT centre_lat, centre_lon FROM places
              WHERE id = NEW.place_id AND centre_lat IS NOT NULL AND (NEW.lat IS NULL OR NEW.lon IS NULL))
    ) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER search_near_moved AFTER UPDATE OF lat, lon, place_id ON search_documents
WHEN OLD.lat IS NOT NEW.lat OR OLD.lon IS NOT NEW.lon OR OLD.place_id IS NOT NEW.place_id BEGIN
    UPDATE search_documents SET near_key = (
        SELECT ((CAST((la + 90.0) / 0.018 AS INTEGER) * 12416 + CAST((lo + 180.0) / 0.029 AS INTEGER)) << 32) | NEW.rowid
        FROM (SELECT NEW.lat AS la, NEW.lon AS lo WHERE NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
              UNION ALL
              SELECT centre_lat, centre_lon FROM places
              WHERE id = NEW.place_id AND centre_lat IS NOT NULL AND (NEW.lat IS NULL OR NEW.lon IS NULL))
    ) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER search_near_index AFTER UPDATE OF near_key, title, body ON search_documents
WHEN OLD.near_key IS NOT NEW.near_key OR OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
    DELETE FROM search_near WHERE rowid = OLD.near_key;
    INSERT INTO search_near (rowid, title, body) SELECT NEW.near_key, NEW.title, NEW.body WHERE NEW.near_key IS NOT NULL;
END;
CREATE TRIGGER search_near_delete AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_near WHERE rowid = OLD.near_key;
END;
-- Things with no point of their own move with their place's centre.
CREATE TRIGGER search_near_place AFTER UPDATE OF centre_lat, centre_lon ON places BEGIN
    UPDATE search_documents SET near_key = CASE WHEN NEW.centre_lat IS NULL OR NEW.centre_lon IS NULL THEN NULL
        ELSE ((CAST((NEW.centre_lat + 90.0) / 0.018 AS INTEGER) * 12416
               + CAST((NEW.centre_lon + 180.0) / 0.029 AS INTEGER)) << 32) | search_documents.rowid END
    WHERE place_id = NEW.id AND (lat IS NULL OR lon IS NULL);
END;

-- File what is already there.
UPDATE search_documents SET near_key = (
    SELECT ((CAST((la + 90.0) / 0.018 AS INTEGER) * 12416 + CAST((lo + 180.0) / 0.029 AS INTEGER)) << 32) | search_documents.rowid
    FROM (SELECT search_documents.lat AS la, search_documents.lon AS lo
          WHERE search_documents.lat IS NOT NULL AND search_documents.lon IS NOT NULL
          UNION ALL
          SELECT centre_lat, centre_lon FROM places
          WHERE id = search_documents.place_id AND centre_lat IS NOT NULL
            AND (search_documents.lat IS NULL OR search_documents.lon IS NULL))
);
