import type { Db } from '../core/database.js';
import type { AccountId, Lang, RecordingId, SessionId } from '../core/ids.js';

export type LiveCue = {
  id: number;
  sessionId: SessionId;
  recordingId: RecordingId | null;
  lang: Lang;
  startSec: number;
  endSec: number | null;
  text: string;
  authorId: AccountId | null;
  sentAt: string;
  correctedAt: string | null;
};

type Row = {
  id: number;
  session_id: number;
  recording_id: number | null;
  lang: string;
  start_s: number;
  end_s: number | null;
  text: string;
  author_id: number | null;
  sent_at: string;
  corrected_at: string | null;
};

const toCue = (r: Row): LiveCue => ({
  id: r.id,
  sessionId: r.session_id as SessionId,
  recordingId: r.recording_id as RecordingId | null,
  lang: r.lang as Lang,
  startSec: r.start_s,
  endSec: r.end_s,
  text: r.text,
  authorId: r.author_id as AccountId | null,
  sentAt: r.sent_at,
  correctedAt: r.corrected_at,
});

/** Live caption lines (table live_caption_cues), in time order per session and language. */
export class LiveCaptionsRepository {
  constructor(private readonly db: Db) {}

  insert(cue: Omit<LiveCue, 'id' | 'endSec' | 'correctedAt'>): LiveCue {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO live_caption_cues (session_id, recording_id, lang, start_s, text, author_id, sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(cue.sessionId, cue.recordingId, cue.lang, cue.startSec, cue.text, cue.authorId, cue.sentAt);
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): LiveCue | undefined {
    const row = this.db.prepare('SELECT * FROM live_caption_cues WHERE id = ?').get(id) as Row | undefined;
    return row && toCue(row);
  }

  /** The newest line of a language, still without an end. */
  open(sessionId: SessionId, lang: Lang): LiveCue | undefined {
    const row = this.db
      .prepare('SELECT * FROM live_caption_cues WHERE session_id = ? AND lang = ? AND end_s IS NULL ORDER BY start_s DESC, id DESC LIMIT 1')
      .get(sessionId, lang) as Row | undefined;
    return row && toCue(row);
  }

  setEnd(id: number, endSec: number): void {
    this.db.prepare('UPDATE live_caption_cues SET end_s = ? WHERE id = ?').run(endSec, id);
  }

  setText(id: number, text: string, correctedAt: string): void {
    this.db.prepare('UPDATE live_caption_cues SET text = ?, corrected_at = ? WHERE id = ?').run(text, correctedAt, id);
  }

  /** The session's newest `limit` lines (all languages), oldest first. */
  recent(sessionId: SessionId, limit: number): LiveCue[] {
    const rows = this.db
      .prepare('SELECT * FROM live_caption_cues WHERE session_id = ? ORDER BY start_s DESC, id DESC LIMIT ?')
      .all(sessionId, limit) as Row[];
    return rows.map(toCue).reverse();
  }

  /** Every line of a language, in time order. */
  all(sessionId: SessionId, lang: Lang): LiveCue[] {
    const rows = this.db
      .prepare('SELECT * FROM live_caption_cues WHERE session_id = ? AND lang = ? ORDER BY start_s, id')
      .all(sessionId, lang) as Row[];
    return rows.map(toCue);
  }

  /** The first line's send time: the timeline's start when no recording times the lines. */
  firstSentAt(sessionId: SessionId): string | undefined {
    return this.db.prepare('SELECT min(sent_at) FROM live_caption_cues WHERE session_id = ?').pluck().get(sessionId) as string | undefined;
  }
}
