-- Moderation of citizen questions. `version` grows with every moderator action, so a moderator acting on a
-- stale view gets a conflict instead of overwriting a colleague's decision. Votes do not change it.
ALTER TABLE questions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- A recent question this one nearly repeats (found at submission), as a hint for moderators to merge.
ALTER TABLE questions ADD COLUMN similar_to INTEGER REFERENCES questions(id) ON DELETE SET NULL;
ALTER TABLE questions ADD COLUMN moderated_at TEXT;
CREATE INDEX questions_session_created ON questions(session_id, id);
CREATE INDEX questions_fingerprint ON questions(client_fingerprint, session_id);

-- One upvote per browser per question: the voter is the same keyed hash as `questions.client_fingerprint`.
CREATE TABLE question_votes (
  question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
  voter       TEXT NOT NULL,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (question_id, voter)
) WITHOUT ROWID;
