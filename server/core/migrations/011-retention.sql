-- Retention of recordings (issue 16): a body may have the recordings of its private sessions and meetings
-- deleted a number of days after they were made. NULL (the default, and every body before this) keeps them for
-- ever. Public records are never deleted automatically, whatever this says.
ALTER TABLE bodies ADD COLUMN retention_days INTEGER CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 36500);

-- A hold keeps one recording from being deleted by the rule until it is released (a dispute, a request for the
-- record). Released holds are deleted; who held and released is in the audit log.
CREATE TABLE recording_holds (
  recording_id INTEGER PRIMARY KEY REFERENCES recordings(id) ON DELETE CASCADE,
  account_id   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  held_at      TEXT NOT NULL
);

-- Sessions whose recording files are still to be removed (from the local disk and, with an object store,
-- from the bucket) after their recording rows were deleted. Written in the same transaction that deletes the
-- rows, so a crash or a store that refuses leaves the work here for the next sweep, not files nobody points at.
CREATE TABLE retention_file_deletes (
  session_id   INTEGER PRIMARY KEY,
  recording_id INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT,
  created_at   TEXT NOT NULL
);
