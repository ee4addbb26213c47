-- Interrupted broadcasts and recordings (issue 12): a recording can be `interrupted` (the disk filled up, or
-- the session's source was lost) and say why; a live session remembers when its source was lost, so the
-- grace before it ends by itself survives a restart.

-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (the migration runner turns foreign
-- keys off around migrations, so dropping the old table does not cascade into renditions, captions, chapters).
CREATE TABLE recordings_new (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  status        TEXT NOT NULL CHECK (status IN ('recording', 'interrupted', 'processing', 'ready', 'failed')),
  -- Why it is interrupted (NULL otherwise): disk_full | source_lost.
  reason        TEXT CHECK (reason IN ('disk_full', 'source_lost')),
  duration_s    REAL,
  started_at    TEXT NOT NULL,
  hls_path      TEXT NOT NULL,
  poster_path   TEXT,
  source_sha256 TEXT
);
INSERT INTO recordings_new (id, session_id, status, reason, duration_s, started_at, hls_path, poster_path, source_sha256)
  SELECT id, session_id, status, NULL, duration_s, started_at, hls_path, poster_path, source_sha256 FROM recordings;
DROP TABLE recordings;
ALTER TABLE recordings_new RENAME TO recordings;
CREATE INDEX recordings_session ON recordings(session_id);
CREATE INDEX recordings_status ON recordings(status);
CREATE INDEX recordings_source_sha256 ON recordings(source_sha256) WHERE source_sha256 IS NOT NULL;

-- When a live session lost its source (ISO time), NULL while it has one.
ALTER TABLE sessions ADD COLUMN interrupted_at TEXT;
