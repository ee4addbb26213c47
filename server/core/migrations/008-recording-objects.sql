-- Recordings kept in an object store (issue 15): one row per file of a recording uploaded to the S3 bucket.
-- `path` is the file's path relative to the recordings folder ("12/source/seg00003.ts") and the object's key.
-- A row is written when the upload completes; `verified_at` is set once HeadObject has shown the object with
-- the same size and checksum as the local file. Only verified objects are served from the store, and a local
-- copy is removed (S3_DELETE_LOCAL_AFTER_UPLOAD) only after that, `local_removed_at` saying when.
CREATE TABLE recording_objects (
  path TEXT PRIMARY KEY,
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  etag TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  verified_at TEXT,
  local_removed_at TEXT
);
CREATE INDEX recording_objects_recording ON recording_objects(recording_id);
