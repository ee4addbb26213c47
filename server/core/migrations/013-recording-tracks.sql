-- Interpreters' tracks a recording keeps (issue 16, "The recording keeps them"): one row per interpretation
-- language (an AUDIO rendition of the master playlist) and at most one sign-language picture (its own playlist,
-- not a variant). `path` is relative to the recordings folder ("12/audio-ru/index.m3u8"). `origin` says whether
-- the recorder kept it while the session was on air or an archivist attached it to the recording afterwards.
-- Rows go with their recording (ON DELETE CASCADE); the files are in the recording's folder and go with it.
CREATE TABLE recording_tracks (
  recording_id INTEGER NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('interpretation', 'sign')),
  lang         TEXT CHECK ((kind = 'sign' AND lang IS NULL) OR (kind = 'interpretation' AND lang IN ('hy', 'en', 'ru'))),
  path         TEXT NOT NULL,
  origin       TEXT NOT NULL CHECK (origin IN ('live', 'attached')),
  created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX recording_tracks_unique ON recording_tracks(recording_id, kind, ifnull(lang, ''));
