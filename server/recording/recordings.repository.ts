import type { Db } from '../core/database.js';
import type { Session } from '../civic/sessions.repository.js';
import type { AgendaItemId, BodyId, RecordingId, SessionId } from '../core/ids.js';

export type RecordingStatus = 'recording' | 'interrupted' | 'processing' | 'ready' | 'failed';
/** Why a recording is `interrupted`: the disk filled up, or the session's source (studio, encoder) was lost. */
export type InterruptionReason = 'disk_full' | 'source_lost';

export type Recording = {
  id: RecordingId;
  sessionId: SessionId;
  status: RecordingStatus;
  /** Set while `interrupted`, null otherwise. */
  reason: InterruptionReason | null;
  durationSec: number | null;
  startedAt: string;
  /** Playlist path relative to the recordings folder, e.g. "12/master.m3u8". */
  hlsPath: string;
  posterPath: string | null;
};

export type Rendition = { height: number; bandwidth: number; playlistPath: string };
export type Caption = { lang: string; vttPath: string };
export type Chapter = { agendaItemId: AgendaItemId; startSec: number; endSec: number | null };

type Row = {
  id: number;
  session_id: number;
  status: RecordingStatus;
  reason: InterruptionReason | null;
  duration_s: number | null;
  started_at: string;
  hls_path: string;
  poster_path: string | null;
};

const toRecording = (r: Row): Recording => ({
  id: r.id as RecordingId,
  sessionId: r.session_id as SessionId,
  status: r.status,
  reason: r.reason,
  durationSec: r.duration_s,
  startedAt: r.started_at,
  hlsPath: r.hls_path,
  posterPath: r.poster_path,
});

export class RecordingsRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<Recording, 'id' | 'reason'>): Recording {
    const id = this.db
      .prepare(
        `INSERT INTO recordings (session_id, status, duration_s, started_at, hls_path, poster_path)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(input.sessionId, input.status, input.durationSec, input.startedAt, input.hlsPath, input.posterPath)
      .lastInsertRowid;
    return { ...input, reason: null, id: Number(id) as RecordingId };
  }

  get(id: RecordingId): Recording | undefined {
    const row = this.db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as Row | undefined;
    return row && toRecording(row);
  }

  /** A status other than `interrupted` clears the reason. */
  update(id: RecordingId, patch: Partial<Pick<Recording, 'status' | 'reason' | 'durationSec' | 'hlsPath' | 'posterPath'>>): void {
    const current = this.get(id);
    if (!current) return;
    const next = { ...current, ...patch };
    const reason = next.status === 'interrupted' ? next.reason : null;
    this.db
      .prepare('UPDATE recordings SET status = ?, reason = ?, duration_s = ?, hls_path = ?, poster_path = ? WHERE id = ?')
      .run(next.status, reason, next.durationSec, next.hlsPath, next.posterPath, id);
  }

  renditions(id: RecordingId): Rendition[] {
    return this.db
      .prepare(
        'SELECT height, bandwidth, playlist_path AS playlistPath FROM renditions WHERE recording_id = ? ORDER BY height DESC',
      )
      .all(id) as Rendition[];
  }

  setRenditions(id: RecordingId, renditions: Rendition[]): void {
    const insert = this.db.prepare(
      'INSERT INTO renditions (recording_id, height, bandwidth, playlist_path) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM renditions WHERE recording_id = ?').run(id);
      for (const r of renditions) insert.run(id, r.height, r.bandwidth, r.playlistPath);
    })();
  }

  captions(id: RecordingId): Caption[] {
    return this.db
      .prepare('SELECT lang, vtt_path AS vttPath FROM captions WHERE recording_id = ? ORDER BY lang')
      .all(id) as Caption[];
  }

  chapters(id: RecordingId): Chapter[] {
    return this.db
      .prepare(
        `SELECT agenda_item_id AS agendaItemId, start_s AS startSec, end_s AS endSec
           FROM chapters WHERE recording_id = ? ORDER BY start_s`,
      )
      .all(id) as Chapter[];
  }

  /** The recording still being written for a session (at most one; `interrupted` ones too), if any. */
  findRecording(sessionId: SessionId): Recording | undefined {
    const row = this.db
      .prepare(`SELECT * FROM recordings WHERE session_id = ? AND status IN ('recording', 'interrupted') ORDER BY id DESC LIMIT 1`)
      .get(sessionId) as Row | undefined;
    return row && toRecording(row);
  }

  listByStatus(status: RecordingStatus): Recording[] {
    return (this.db.prepare('SELECT * FROM recordings WHERE status = ? ORDER BY id').all(status) as Row[]).map(toRecording);
  }

  findBySourceSha256(sha256: string): Recording | undefined {
    const row = this.db.prepare('SELECT * FROM recordings WHERE source_sha256 = ? LIMIT 1').get(sha256) as Row | undefined;
    return row && toRecording(row);
  }

  /** Who stopped this (meeting) recording, or null to say it records again; the host's choice survives a restart. */
  setHostStoppedBy(id: RecordingId, by: string | null): void {
    this.db.prepare('UPDATE recordings SET host_stopped_by = ? WHERE id = ?').run(by, id);
  }

  /** Whether the session's open recording was stopped by its meeting's host. */
  hostStopped(sessionId: SessionId): boolean {
    const by = this.db
      .prepare(`SELECT host_stopped_by FROM recordings WHERE session_id = ? AND status IN ('recording', 'interrupted') ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get(sessionId) as string | null | undefined;
    return by !== null && by !== undefined;
  }

  setSourceSha256(id: RecordingId, sha256: string): void {
    this.db.prepare('UPDATE recordings SET source_sha256 = ? WHERE id = ?').run(sha256, id);
  }

  /** A body's recordings (every status), newest first, with the sessions they belong to. */
  listByBody(bodyId: BodyId, page: number, pageSize: number): { items: (Recording & { session: Pick<Session, 'id' | 'title' | 'startsAt' | 'status' | 'visibility'> })[]; total: number } {
    const total = this.db
      .prepare('SELECT count(*) FROM recordings r JOIN sessions s ON s.id = r.session_id WHERE s.body_id = ?')
      .pluck()
      .get(bodyId) as number;
    const rows = this.db
      .prepare(
        `SELECT r.*, s.title AS s_title, s.starts_at AS s_starts_at, s.status AS s_status, s.visibility AS s_visibility
           FROM recordings r JOIN sessions s ON s.id = r.session_id
          WHERE s.body_id = ? ORDER BY s.starts_at DESC, r.id DESC LIMIT ? OFFSET ?`,
      )
      .all(bodyId, pageSize, (page - 1) * pageSize) as (Row & { s_title: string; s_starts_at: string; s_status: Session['status']; s_visibility: Session['visibility'] })[];
    const items = rows.map((r) => ({
      ...toRecording(r),
      session: { id: r.session_id as SessionId, title: r.s_title, startsAt: r.s_starts_at, status: r.s_status, visibility: r.s_visibility },
    }));
    return { items, total };
  }

  /** Chapters with their agenda item's number and title, in order (for chapters.vtt). */
  chapterTitles(id: RecordingId): (Chapter & { title: string })[] {
    return this.db
      .prepare(
        `SELECT c.agenda_item_id AS agendaItemId, c.start_s AS startSec, c.end_s AS endSec,
                a.number || '. ' || a.title AS title
           FROM chapters c JOIN agenda_items a ON a.id = c.agenda_item_id
          WHERE c.recording_id = ? ORDER BY c.start_s`,
      )
      .all(id) as (Chapter & { title: string })[];
  }
}
