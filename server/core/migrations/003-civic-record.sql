-- The civic record: what the clerk console, live agenda marking, documents and captions need beyond 001.

-- The agenda item under discussion right now, so residents who open the page mid-session see it at once.
ALTER TABLE sessions ADD COLUMN current_agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL;

-- Minutes are documents too; they are listed apart on the session page.
ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ('document', 'minutes'));
ALTER TABLE documents ADD COLUMN created_at TEXT;

-- When a decision was recorded (ordering, the RSS of the archive).
ALTER TABLE decisions ADD COLUMN created_at TEXT;

CREATE INDEX votes_member ON votes(member_id);
CREATE INDEX chapters_agenda_item ON chapters(agenda_item_id);
CREATE INDEX recordings_status ON recordings(status);

-- Search rows get fixed rowids (ref_id * 8 + kind) so that updating one is a rowid lookup, not a scan.
CREATE TEMP TABLE search_copy AS SELECT title, body, kind, session_id, ref_id, start_s, lang FROM search WHERE kind <> 'caption';
DELETE FROM search;
INSERT INTO search (rowid, title, body, kind, session_id, ref_id, start_s, lang)
  SELECT ref_id * 8 + CASE kind WHEN 'session' THEN 0 WHEN 'agenda' THEN 1 WHEN 'decision' THEN 2 ELSE 3 END,
         title, body, kind, session_id, ref_id, start_s, lang
    FROM search_copy;
DROP TABLE search_copy;

-- Caption cues get an index of their own: there are many more of them than of anything else, and ranking
-- them apart keeps a common word in captions from crowding agendas and decisions out of a search.
CREATE VIRTUAL TABLE caption_search USING fts5(
  body,
  session_id UNINDEXED,
  recording_id UNINDEXED,
  start_s UNINDEXED,
  lang UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
