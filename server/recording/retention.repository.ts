import type { Db } from '../core/database.js';
import type { AccountId, BodyId, RecordingId, SessionId } from '../core/ids.js';

/** A recording a body's rule makes due, as the sweep and the console's preview read it. */
export type DueRecording = {
  id: RecordingId;
  sessionId: SessionId;
  bodyId: BodyId;
  startedAt: string;
  durationSec: number | null;
  retentionDays: number;
  dueAt: string;
  session: { title: string; kind: 'council' | 'meeting'; startsAt: string };
  body: { slug: string; name: { hy: string; en: string; ru: string } };
  hold: { heldAt: string; heldBy: string | null } | null;
};

type Row = {
  id: number;
  session_id: number;
  body_id: number;
  started_at: string;
  duration_s: number | null;
  retention_days: number;
  due_at: string;
  title: string;
  kind: 'council' | 'meeting';
  starts_at: string;
  slug: string;
  name_hy: string;
  name_en: string;
  name_ru: string;
  held_at: string | null;
  held_by: string | null;
};

const toDue = (r: Row): DueRecording => ({
  id: r.id as RecordingId,
  sessionId: r.session_id as SessionId,
  bodyId: r.body_id as BodyId,
  startedAt: r.started_at,
  durationSec: r.duration_s,
  retentionDays: r.retention_days,
  dueAt: r.due_at,
  session: { title: r.title, kind: r.kind, startsAt: r.starts_at },
  body: { slug: r.slug, name: { hy: r.name_hy, en: r.name_en, ru: r.name_ru } },
  hold: r.held_at === null ? null : { heldAt: r.held_at, heldBy: r.held_by },
});

/**
 * The rule in SQL. Only private sessions' recordings (private council sessions and private meetings) are ever
 * due: a public record is never deleted automatically. Only finished work: the session has ended, the
 * recording is not being written or laddered, and no job (ladder, upload) is queued or running on it, which
 * could write its files again after they are gone. Due `retention_days` after the recording started.
 */
const dueSelect = `
  SELECT r.id, r.session_id, s.body_id, r.started_at, r.duration_s, b.retention_days,
         strftime('%Y-%m-%dT%H:%M:%fZ', r.started_at, '+' || b.retention_days || ' days') AS due_at,
         s.title, s.kind, s.starts_at, b.slug, b.name_hy, b.name_en, b.name_ru,
         h.held_at, a.username AS held_by
    FROM recordings r
    JOIN sessions s ON s.id = r.session_id
    JOIN bodies b ON b.id = s.body_id
    LEFT JOIN recording_holds h ON h.recording_id = r.id
    LEFT JOIN accounts a ON a.id = h.account_id
   WHERE b.retention_days IS NOT NULL
     AND s.visibility = 'private'
     AND s.status = 'ended'
     AND r.status IN ('ready', 'failed', 'interrupted')
     AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.status IN ('queued', 'running') AND json_extract(j.payload, '$.recordingId') = r.id)`;

/** Recordings due under their body's rule, holds, and the file deletions still owed (migration 011). */
export class RetentionRepository {
  constructor(private readonly db: Db) {}

  /** Recordings due at or before `until` (ISO), held ones included, soonest first. */
  dueBy(until: string): DueRecording[] {
    return (this.db.prepare(`${dueSelect} AND due_at <= ? ORDER BY due_at, r.id`).all(until) as Row[]).map(toDue);
  }

  /** The recording if it is due at or before `until` now (read again inside the deleting transaction). */
  dueOne(id: RecordingId, until: string): DueRecording | undefined {
    const row = this.db.prepare(`${dueSelect} AND r.id = ? AND due_at <= ?`).get(id, until) as Row | undefined;
    return row && toDue(row);
  }

  hold(id: RecordingId, accountId: AccountId | null, at: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO recording_holds (recording_id, account_id, held_at) VALUES (?, ?, ?)').run(id, accountId, at).changes > 0;
  }

  getHold(id: RecordingId): { heldAt: string; heldBy: string | null } | undefined {
    return this.db
      .prepare(
        `SELECT h.held_at AS heldAt, a.username AS heldBy FROM recording_holds h LEFT JOIN accounts a ON a.id = h.account_id
          WHERE h.recording_id = ?`,
      )
      .get(id) as { heldAt: string; heldBy: string | null } | undefined;
  }

  release(id: RecordingId): boolean {
    return this.db.prepare('DELETE FROM recording_holds WHERE recording_id = ?').run(id).changes > 0;
  }

  /** How many recordings the session has besides `except` (they share its folder). */
  otherRecordings(sessionId: SessionId, except: RecordingId): number {
    return this.db.prepare('SELECT count(*) FROM recordings WHERE session_id = ? AND id <> ?').pluck().get(sessionId, except) as number;
  }

  deleteRecording(id: RecordingId): void {
    // Renditions, captions, chapters, recording_objects and a hold go with it (ON DELETE CASCADE).
    this.db.prepare('DELETE FROM recordings WHERE id = ?').run(id);
  }

  /** The session's files are owed a deletion (kept until it succeeds). */
  owe(sessionId: SessionId, recordingId: RecordingId, at: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO retention_file_deletes (session_id, recording_id, created_at) VALUES (?, ?, ?)')
      .run(sessionId, recordingId, at);
  }

  owed(): { sessionId: SessionId; recordingId: RecordingId; attempts: number }[] {
    return this.db
      .prepare('SELECT session_id AS sessionId, recording_id AS recordingId, attempts FROM retention_file_deletes ORDER BY created_at, session_id')
      .all() as { sessionId: SessionId; recordingId: RecordingId; attempts: number }[];
  }

  paid(sessionId: SessionId): void {
    this.db.prepare('DELETE FROM retention_file_deletes WHERE session_id = ?').run(sessionId);
  }

  failed(sessionId: SessionId, error: string): void {
    this.db.prepare('UPDATE retention_file_deletes SET attempts = attempts + 1, last_error = ? WHERE session_id = ?').run(error, sessionId);
  }

  owedCount(): number {
    return this.db.prepare('SELECT count(*) FROM retention_file_deletes').pluck().get() as number;
  }
}
