import type { Db } from '../core/database.js';
import type { AccountId, AgendaItemId, BodyId, SessionId } from '../core/ids.js';
import { toMatchExpression } from './search.repository.js';

export type SessionStatus = 'scheduled' | 'live' | 'ended';
export type SessionKind = 'council' | 'meeting';
export type Visibility = 'public' | 'private';

export type Session = {
  id: SessionId;
  bodyId: BodyId;
  kind: SessionKind;
  title: string;
  startsAt: string;
  location: string;
  status: SessionStatus;
  visibility: Visibility;
  createdBy: AccountId | null;
};

/** A session joined with its body and newest usable recording, as listings need it. */
export type SessionListRow = Session & {
  body: { slug: string; name_hy: string; name_en: string; name_ru: string };
  recording: { id: number; hlsPath: string; durationSec: number | null; status: string; posterPath: string | null } | null;
};

export type SessionFilter = {
  status?: SessionStatus;
  bodySlug?: string;
  kind?: SessionKind;
  year?: number;
  q?: string;
  visibility?: Visibility;
  page: number;
  pageSize: number;
};

type Row = {
  id: number;
  body_id: number;
  kind: SessionKind;
  title: string;
  starts_at: string;
  location: string;
  status: SessionStatus;
  visibility: Visibility;
  created_by: number | null;
};

type ListRow = Row & {
  b_slug: string;
  b_name_hy: string;
  b_name_en: string;
  b_name_ru: string;
  r_id: number | null;
  r_hls_path: string | null;
  r_duration_s: number | null;
  r_status: string | null;
  r_poster_path: string | null;
};

const toSession = (r: Row): Session => ({
  id: r.id as SessionId,
  bodyId: r.body_id as BodyId,
  kind: r.kind,
  title: r.title,
  startsAt: r.starts_at,
  location: r.location,
  status: r.status,
  visibility: r.visibility,
  createdBy: r.created_by as AccountId | null,
});

const toListRow = (r: ListRow): SessionListRow => ({
  ...toSession(r),
  body: { slug: r.b_slug, name_hy: r.b_name_hy, name_en: r.b_name_en, name_ru: r.b_name_ru },
  recording:
    r.r_id === null
      ? null
      : { id: r.r_id, hlsPath: r.r_hls_path!, durationSec: r.r_duration_s, status: r.r_status!, posterPath: r.r_poster_path },
});

const listSelect = `
  SELECT s.*, b.slug AS b_slug, b.name_hy AS b_name_hy, b.name_en AS b_name_en, b.name_ru AS b_name_ru,
         r.id AS r_id, r.hls_path AS r_hls_path, r.duration_s AS r_duration_s, r.status AS r_status,
         r.poster_path AS r_poster_path
    FROM sessions s
    JOIN bodies b ON b.id = s.body_id
    LEFT JOIN recordings r ON r.id = (
      SELECT id FROM recordings WHERE session_id = s.id AND status IN ('recording', 'interrupted', 'processing', 'ready')
       ORDER BY id DESC LIMIT 1)`;

const yerevanOffsetHours = 4;
const yerevanYearStart = (year: number) => new Date(Date.UTC(year, 0, 1, -yerevanOffsetHours)).toISOString();

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<Session, 'id' | 'status'> & { status?: SessionStatus }): Session {
    const status = input.status ?? 'scheduled';
    const id = this.db
      .prepare(
        `INSERT INTO sessions (body_id, kind, title, starts_at, location, status, visibility, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.bodyId, input.kind, input.title, input.startsAt, input.location, status, input.visibility, input.createdBy)
      .lastInsertRowid;
    return { ...input, status, id: Number(id) as SessionId };
  }

  get(id: SessionId): Session | undefined {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as Row | undefined;
    return row && toSession(row);
  }

  getListRow(id: SessionId): SessionListRow | undefined {
    const row = this.db.prepare(`${listSelect} WHERE s.id = ?`).get(id) as ListRow | undefined;
    return row && toListRow(row);
  }

  update(id: SessionId, patch: Partial<Pick<Session, 'kind' | 'title' | 'startsAt' | 'location' | 'visibility'>>): Session | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE sessions SET kind = ?, title = ?, starts_at = ?, location = ?, visibility = ? WHERE id = ?')
      .run(next.kind, next.title, next.startsAt, next.location, next.visibility, id);
    return next;
  }

  delete(id: SessionId): boolean {
    return this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id).changes > 0;
  }

  /** The agenda item under discussion (set by live marking), or null. */
  currentAgendaItem(id: SessionId): AgendaItemId | null {
    return (this.db.prepare('SELECT current_agenda_item_id FROM sessions WHERE id = ?').pluck().get(id) ?? null) as AgendaItemId | null;
  }

  setCurrentAgendaItem(id: SessionId, itemId: AgendaItemId | null): void {
    this.db.prepare('UPDATE sessions SET current_agenda_item_id = ? WHERE id = ?').run(itemId, id);
  }

  setStatus(id: SessionId, status: SessionStatus): void {
    this.db.prepare('UPDATE sessions SET status = ? WHERE id = ?').run(status, id);
  }

  /** When the live session lost its source (ISO time), or null while it has one (or is not live). */
  interruptedAt(id: SessionId): string | null {
    return (this.db.prepare('SELECT interrupted_at FROM sessions WHERE id = ?').pluck().get(id) ?? null) as string | null;
  }

  setInterruptedAt(id: SessionId, at: string | null): void {
    this.db.prepare('UPDATE sessions SET interrupted_at = ? WHERE id = ?').run(at, id);
  }

  /** Every session on air (status live), oldest first. */
  listLive(): Session[] {
    return (this.db.prepare(`SELECT * FROM sessions WHERE status = 'live' ORDER BY id`).all() as Row[]).map(toSession);
  }

  /** Yerevan calendar years that have public sessions, newest first. */
  publicYears(): number[] {
    return this.db
      .prepare(
        `SELECT DISTINCT CAST(strftime('%Y', starts_at, '+${yerevanOffsetHours} hours') AS INTEGER) AS year
           FROM sessions WHERE visibility = 'public' ORDER BY year DESC`,
      )
      .pluck()
      .all() as number[];
  }

  list(filter: SessionFilter): { items: SessionListRow[]; total: number } {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.visibility) {
      where.push('s.visibility = ?');
      params.push(filter.visibility);
    }
    if (filter.status) {
      where.push('s.status = ?');
      params.push(filter.status);
    }
    if (filter.kind) {
      where.push('s.kind = ?');
      params.push(filter.kind);
    }
    if (filter.bodySlug) {
      where.push('b.slug = ?');
      params.push(filter.bodySlug);
    }
    if (filter.year !== undefined) {
      // Years are Yerevan calendar years (UTC+4, no daylight saving).
      where.push('s.starts_at >= ? AND s.starts_at < ?');
      params.push(yerevanYearStart(filter.year), yerevanYearStart(filter.year + 1));
    }
    const match = filter.q ? toMatchExpression(filter.q) : null;
    if (filter.q && !match) return { items: [], total: 0 };
    if (match) {
      where.push('s.id IN (SELECT session_id FROM search WHERE search MATCH ?)');
      params.push(match);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = filter.status === 'scheduled' ? 's.starts_at ASC, s.id ASC' : 's.starts_at DESC, s.id DESC';
    const total = this.db
      .prepare(`SELECT count(*) FROM sessions s JOIN bodies b ON b.id = s.body_id ${whereSql}`)
      .pluck()
      .get(...params) as number;
    const rows = this.db
      .prepare(`${listSelect} ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...params, filter.pageSize, (filter.page - 1) * filter.pageSize) as ListRow[];
    return { items: rows.map(toListRow), total };
  }
}
