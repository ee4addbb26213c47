-- The checksum of the file an archived recording was imported from, so a bulk import skips files it has
-- already imported. NULL for recordings made live.
ALTER TABLE recordings ADD COLUMN source_sha256 TEXT;
CREATE INDEX recordings_source_sha256 ON recordings(source_sha256) WHERE source_sha256 IS NOT NULL;
