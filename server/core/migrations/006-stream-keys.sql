-- Stream keys for encoders (issue 14): OBS, vMix or a hardware encoder publishes RTMP (or WHIP) with a key
-- that an operator created for one session. Only the key's SHA-256 is stored; a session has at most one
-- active (unrevoked) key, and creating a new one revokes the old.
CREATE TABLE stream_keys (
  id          INTEGER PRIMARY KEY,
  session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  key_hash    TEXT NOT NULL UNIQUE,
  created_by  INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at  TEXT
);
CREATE UNIQUE INDEX stream_keys_active_session ON stream_keys(session_id) WHERE revoked_at IS NULL;
