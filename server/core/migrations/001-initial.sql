-- The whole data model of DESIGN.md. Timestamps are ISO-8601 UTC text; media offsets are seconds (REAL).

CREATE TABLE bodies (
  id        INTEGER PRIMARY KEY,
  slug      TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) BETWEEN 1 AND 64),
  name_hy   TEXT NOT NULL,
  name_en   TEXT NOT NULL,
  name_ru   TEXT NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('council', 'institution'))
);

CREATE TABLE members (
  id         INTEGER PRIMARY KEY,
  body_id    INTEGER NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  role       TEXT NOT NULL DEFAULT 'member',
  term_start TEXT,
  term_end   TEXT
);
CREATE INDEX members_body ON members(body_id);

CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A role held by an account, for one body or (body_id NULL) for all bodies.
CREATE TABLE account_roles (
  account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'operator', 'moderator', 'archivist', 'staff')),
  body_id    INTEGER REFERENCES bodies(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX account_roles_unique ON account_roles(account_id, role, ifnull(body_id, 0));

CREATE TABLE login_sessions (
  id_hash     TEXT PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  address     TEXT
);
CREATE INDEX login_sessions_account ON login_sessions(account_id);

CREATE TABLE sessions (
  id          INTEGER PRIMARY KEY,
  body_id     INTEGER NOT NULL REFERENCES bodies(id) ON DELETE RESTRICT,
  kind        TEXT NOT NULL CHECK (kind IN ('council', 'meeting')),
  title       TEXT NOT NULL,
  starts_at   TEXT NOT NULL,
  location    TEXT NOT NULL DEFAULT '',
  status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'live', 'ended')),
  visibility  TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  created_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX sessions_body_starts ON sessions(body_id, starts_at);
CREATE INDEX sessions_starts ON sessions(starts_at);
CREATE INDEX sessions_status ON sessions(status);

CREATE TABLE invites (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  token_hash  TEXT NOT NULL UNIQUE,
  label       TEXT NOT NULL DEFAULT '',
  expires_at  TEXT NOT NULL,
  revoked_at  TEXT,
  created_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE agenda_items (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  number      TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  presenter   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_session ON agenda_items(session_id, position);

CREATE TABLE documents (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
  title          TEXT NOT NULL,
  file_path      TEXT NOT NULL,
  mime           TEXT NOT NULL,
  bytes          INTEGER NOT NULL CHECK (bytes >= 0),
  sha256         TEXT NOT NULL
);
CREATE INDEX documents_session ON documents(session_id);

CREATE TABLE decisions (
  id             INTEGER PRIMARY KEY,
  session_id     INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
  number         TEXT NOT NULL,
  title          TEXT NOT NULL,
  text           TEXT NOT NULL DEFAULT '',
  outcome        TEXT NOT NULL CHECK (outcome IN ('adopted', 'rejected', 'postponed'))
);
CREATE INDEX decisions_session ON decisions(session_id);

CREATE TABLE votes (
  decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
  member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  choice      TEXT NOT NULL CHECK (choice IN ('for', 'against', 'abstain', 'absent')),
  PRIMARY KEY (decision_id, member_id)
);

CREATE TABLE recordings (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  status      TEXT NOT NULL CHECK (status IN ('recording', 'processing', 'ready', 'failed')),
  duration_s  REAL,
  started_at  TEXT NOT NULL,
  hls_path    TEXT NOT NULL,
  poster_path TEXT
);
CREATE INDEX recordings_session ON recordings(session_id);

CREATE TABLE renditions (
  recording_id  INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  height        INTEGER NOT NULL CHECK (height > 0),
  bandwidth     INTEGER NOT NULL CHECK (bandwidth > 0),
  playlist_path TEXT NOT NULL,
  PRIMARY KEY (recording_id, height)
);

CREATE TABLE captions (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  lang         TEXT NOT NULL CHECK (lang IN ('hy', 'en', 'ru')),
  vtt_path     TEXT NOT NULL,
  PRIMARY KEY (recording_id, lang)
);

CREATE TABLE chapters (
  recording_id   INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  start_s        REAL NOT NULL CHECK (start_s >= 0),
  end_s          REAL,
  PRIMARY KEY (recording_id, agenda_item_id)
);

CREATE TABLE questions (
  id                 INTEGER PRIMARY KEY,
  session_id         INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  agenda_item_id     INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
  text               TEXT NOT NULL,
  original_text      TEXT,
  author_name        TEXT,
  status             TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'approved', 'rejected', 'answered')),
  reject_reason      TEXT,
  merged_into        INTEGER REFERENCES questions(id) ON DELETE SET NULL,
  pinned             INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  answered_at_s      REAL,
  answer_text        TEXT,
  votes              INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  client_fingerprint TEXT NOT NULL,
  created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX questions_session_status ON questions(session_id, status);

CREATE TABLE jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL,
  payload     TEXT NOT NULL CHECK (json_valid(payload)),
  status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress    REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
  error       TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0,
  run_after   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX jobs_status ON jobs(status, run_after);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  action     TEXT NOT NULL,
  target     TEXT NOT NULL DEFAULT '',
  details    TEXT,
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX audit_log_at ON audit_log(at);

-- Full-text index over everything residents search. One row per searchable thing; session_id and
-- start_s let a hit link to the moment. kind: session | agenda | decision | question | caption.
CREATE VIRTUAL TABLE search USING fts5(
  title,
  body,
  kind UNINDEXED,
  session_id UNINDEXED,
  ref_id UNINDEXED,
  start_s UNINDEXED,
  lang UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
