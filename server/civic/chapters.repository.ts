import type { Db } from '../core/database.js';
import type { AgendaItemId, RecordingId } from '../core/ids.js';

/** Chapter writes, for ChaptersService only (it keeps search and chapters.vtt in step); reads are in recordings. */
export class ChaptersRepository {
  constructor(private readonly db: Db) {}

  /** Starts (or moves) an item's chapter and closes the chapter that was open before it. */
  start(recordingId: RecordingId, agendaItemId: AgendaItemId, startSec: number): void {
    this.db
      .prepare('UPDATE chapters SET end_s = ? WHERE recording_id = ? AND end_s IS NULL AND agenda_item_id <> ? AND start_s <= ?')
      .run(startSec, recordingId, agendaItemId, startSec);
    this.db
      .prepare(
        `INSERT INTO chapters (recording_id, agenda_item_id, start_s, end_s) VALUES (?, ?, ?, NULL)
         ON CONFLICT (recording_id, agenda_item_id) DO UPDATE SET start_s = excluded.start_s, end_s = NULL`,
      )
      .run(recordingId, agendaItemId, startSec);
  }

  /** Ends whatever chapter is open (the clerk cleared the current item). */
  closeOpen(recordingId: RecordingId, endSec: number): void {
    this.db.prepare('UPDATE chapters SET end_s = ? WHERE recording_id = ? AND end_s IS NULL AND start_s <= ?').run(endSec, recordingId, endSec);
  }

  /** The archivist's timeline: exactly these chapters, each running to the next one's start. */
  replaceAll(recordingId: RecordingId, chapters: readonly { agendaItemId: number; startSec: number }[]): void {
    this.db.prepare('DELETE FROM chapters WHERE recording_id = ?').run(recordingId);
    const insert = this.db.prepare('INSERT INTO chapters (recording_id, agenda_item_id, start_s, end_s) VALUES (?, ?, ?, NULL)');
    for (const c of chapters) insert.run(recordingId, c.agendaItemId, c.startSec);
  }
}
