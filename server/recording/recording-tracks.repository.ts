import type { Db } from '../core/database.js';
import type { RecordingId } from '../core/ids.js';

export type RecordingTrackKind = 'interpretation' | 'sign';
/** live: kept by the recorder while the session was on air; attached: added to the recording afterwards. */
export type RecordingTrackOrigin = 'live' | 'attached';
export type RecordingTrack = {
  kind: RecordingTrackKind;
  /** The interpretation's language; null for sign language. */
  lang: string | null;
  /** The track's playlist, relative to the recordings folder ("12/audio-ru/index.m3u8"). */
  path: string;
  origin: RecordingTrackOrigin;
  createdAt: string;
};

/** A recording's interpreters' tracks (migration 013): one per interpretation language, one sign-language picture. */
export class RecordingTracksRepository {
  constructor(private readonly db: Db) {}

  /** Interpretations by language, then sign language. */
  list(recordingId: RecordingId): RecordingTrack[] {
    return this.db
      .prepare(
        `SELECT kind, lang, path, origin, created_at AS createdAt FROM recording_tracks
          WHERE recording_id = ? ORDER BY kind, lang`,
      )
      .all(recordingId) as RecordingTrack[];
  }

  /** Adds the track, or replaces the one of the same kind and language. */
  set(recordingId: RecordingId, track: Omit<RecordingTrack, 'createdAt'>, at = new Date()): void {
    this.db.transaction(() => {
      this.delete(recordingId, track.kind, track.lang);
      this.db
        .prepare('INSERT INTO recording_tracks (recording_id, kind, lang, path, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(recordingId, track.kind, track.lang, track.path, track.origin, at.toISOString());
    })();
  }

  delete(recordingId: RecordingId, kind: RecordingTrackKind, lang: string | null): void {
    this.db
      .prepare("DELETE FROM recording_tracks WHERE recording_id = ? AND kind = ? AND ifnull(lang, '') = ifnull(?, '')")
      .run(recordingId, kind, lang);
  }
}
