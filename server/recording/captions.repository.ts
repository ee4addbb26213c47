import type { Db } from '../core/database.js';
import type { RecordingId } from '../core/ids.js';

/** Caption writes (archivists); reading a recording's captions is `recordings.captions`. */
export class CaptionsRepository {
  constructor(private readonly db: Db) {}

  set(recordingId: RecordingId, lang: string, vttPath: string): void {
    this.db
      .prepare(
        `INSERT INTO captions (recording_id, lang, vtt_path) VALUES (?, ?, ?)
         ON CONFLICT (recording_id, lang) DO UPDATE SET vtt_path = excluded.vtt_path`,
      )
      .run(recordingId, lang, vttPath);
  }

  delete(recordingId: RecordingId, lang: string): void {
    this.db.prepare('DELETE FROM captions WHERE recording_id = ? AND lang = ?').run(recordingId, lang);
  }
}
