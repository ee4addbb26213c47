-- The captioner role (live captions). SQLite cannot change a CHECK in place, so account_roles is rebuilt with
-- the longer list; nothing references it, and its rows and unique index come back as they were.
CREATE TABLE account_roles_new (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'staff')),
  body_id    INTEGER REFERENCES bodies(id) ON DELETE CASCADE
);
INSERT INTO account_roles_new (account_id, role, body_id) SELECT account_id, role, body_id FROM account_roles;
DROP TABLE account_roles;
ALTER TABLE account_roles_new RENAME TO account_roles;
CREATE UNIQUE INDEX account_roles_unique ON account_roles(account_id, role, ifnull(body_id, 0));

-- Live caption lines typed during a session (server/captions/). Times are seconds on the session's
-- timeline: the recording's, when one was recording (recording_id), so that at the end they become its
-- caption track as they are. end_s stays NULL while a line is the newest of its language.
CREATE TABLE live_caption_cues (
  id           INTEGER PRIMARY KEY,
  session_id   INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  recording_id INTEGER REFERENCES recordings(id) ON DELETE SET NULL,
  lang         TEXT NOT NULL CHECK (lang IN ('hy', 'en', 'ru')),
  start_s      REAL NOT NULL CHECK (start_s >= 0),
  end_s        REAL CHECK (end_s IS NULL OR end_s > start_s),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 300),
  author_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  sent_at      TEXT NOT NULL,
  corrected_at TEXT
);
CREATE INDEX live_caption_cues_session ON live_caption_cues(session_id, lang, start_s);
