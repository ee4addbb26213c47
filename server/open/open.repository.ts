import type { Db } from '../core/database.js';

/**
 * Reads for the open-data API: only what residents may see (public sessions and what hangs off them), by the
 * OCD ids of migration 009. Plain rows; open-data.ts turns them into Open Civic Data objects.
 */
export type OrganizationRow = { id: number; ocd_id: string; slug: string; name_hy: string; name_en: string; name_ru: string; kind: 'council' | 'institution' };
export type PersonRow = { id: number; ocd_id: string; name: string; role: string; term_start: string | null; term_end: string | null; body_ocd_id: string; body_name: string };
export type EventRow = {
  id: number;
  ocd_id: string;
  kind: 'council' | 'meeting';
  title: string;
  starts_at: string;
  location: string;
  status: 'scheduled' | 'live' | 'ended';
  visibility: 'public' | 'private';
  body_ocd_id: string;
  body_name: string;
  recording_id: number | null;
  recording_status: string | null;
  hls_path: string | null;
  duration_s: number | null;
};
export type AgendaRow = { id: number; session_id: number; position: number; number: string; title: string; description: string; presenter: string; start_s: number | null };
export type DecisionRow = {
  id: number;
  ocd_id: string;
  vote_ocd_id: string;
  session_id: number;
  agenda_item_id: number | null;
  number: string;
  title: string;
  text: string;
  outcome: 'adopted' | 'rejected' | 'postponed';
  created_at: string | null;
  event_ocd_id: string;
  event_title: string;
  starts_at: string;
  body_ocd_id: string;
  body_name: string;
  body_slug: string;
};
export type VoteRow = { decision_id: number; choice: 'for' | 'against' | 'abstain' | 'absent'; member_ocd_id: string; member_name: string };
export type DocumentRow = { id: number; session_id: number; agenda_item_id: number | null; title: string; mime: string; kind: 'document' | 'minutes'; file_path: string; sha256: string };
export type CaptionRow = { session_id: number; lang: string; vtt_path: string };

/** Filters every list takes; `organization` is a body's slug or OCD id, dates compare with the session's start. */
export type OpenFilter = { organization?: string; from?: string; to?: string };
export type PageRequest = { page: number; perPage: number };

export class OpenDataRepository {
  /** `includePrivate` is for the archivist's package (archive-export.ts) only; the open API never sets it. */
  constructor(
    private readonly db: Db,
    private readonly scope: { includePrivate: boolean } = { includePrivate: false },
  ) {}

  /** One body by slug or OCD id. */
  organization(slugOrOcdId: string): OrganizationRow | undefined {
    return this.db.prepare('SELECT * FROM bodies WHERE slug = ? OR ocd_id = ?').get(slugOrOcdId, slugOrOcdId) as OrganizationRow | undefined;
  }

  organizations({ page, perPage }: PageRequest): { rows: OrganizationRow[]; total: number } {
    const total = this.db.prepare('SELECT count(*) FROM bodies').pluck().get() as number;
    const rows = this.db.prepare('SELECT * FROM bodies ORDER BY id LIMIT ? OFFSET ?').all(perPage, (page - 1) * perPage) as OrganizationRow[];
    return { rows, total };
  }

  people(filter: OpenFilter, paging: PageRequest | null): { rows: PersonRow[]; total: number } {
    const [where, params] = this.#bodyWhere(filter.organization);
    const from = `FROM members m JOIN bodies b ON b.id = m.body_id ${where ? `WHERE ${where}` : ''}`;
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number;
    const rows = this.db
      .prepare(`SELECT m.*, b.ocd_id AS body_ocd_id, b.name_hy AS body_name ${from} ORDER BY m.id ${paging ? 'LIMIT ? OFFSET ?' : ''}`)
      .all(...params, ...(paging ? [paging.perPage, (paging.page - 1) * paging.perPage] : [])) as PersonRow[];
    return { rows, total };
  }

  events(filter: OpenFilter, paging: PageRequest | null, ocdId?: string): { rows: EventRow[]; total: number } {
    const [where, params] = this.#sessionWhere(filter, ocdId);
    const from = `FROM sessions s JOIN bodies b ON b.id = s.body_id WHERE ${where}`;
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params) as number;
    const limit = paging ? 'LIMIT ? OFFSET ?' : '';
    const rows = this.db
      .prepare(
        `SELECT s.id, s.ocd_id, s.kind, s.title, s.starts_at, s.location, s.status, s.visibility, b.ocd_id AS body_ocd_id, b.name_hy AS body_name,
                r.id AS recording_id, r.status AS recording_status, r.hls_path, r.duration_s
           ${from.replace('WHERE', `LEFT JOIN recordings r ON r.id = (SELECT max(id) FROM recordings WHERE session_id = s.id AND status = 'ready') WHERE`)}
          ORDER BY s.starts_at DESC, s.id DESC ${limit}`,
      )
      .all(...params, ...(paging ? [paging.perPage, (paging.page - 1) * paging.perPage] : [])) as EventRow[];
    return { rows, total };
  }

  agendaOf(sessionIds: number[]): AgendaRow[] {
    if (!sessionIds.length) return [];
    return this.db
      .prepare(
        `SELECT a.*, c.start_s FROM agenda_items a
           LEFT JOIN chapters c ON c.agenda_item_id = a.id
                AND c.recording_id = (SELECT max(id) FROM recordings WHERE session_id = a.session_id AND status = 'ready')
          WHERE a.session_id IN (${sessionIds.map(() => '?').join(',')}) ORDER BY a.session_id, a.position`,
      )
      .all(...sessionIds) as AgendaRow[];
  }

  documentsOf(sessionIds: number[]): DocumentRow[] {
    if (!sessionIds.length) return [];
    return this.db
      .prepare(`SELECT id, session_id, agenda_item_id, title, mime, kind, file_path, sha256 FROM documents WHERE session_id IN (${sessionIds.map(() => '?').join(',')}) ORDER BY id`)
      .all(...sessionIds) as DocumentRow[];
  }

  captionsOf(sessionIds: number[]): CaptionRow[] {
    if (!sessionIds.length) return [];
    return this.db
      .prepare(
        `SELECT r.session_id, c.lang, c.vtt_path FROM captions c JOIN recordings r ON r.id = c.recording_id
          WHERE r.status = 'ready' AND r.session_id IN (${sessionIds.map(() => '?').join(',')}) ORDER BY c.lang`,
      )
      .all(...sessionIds) as CaptionRow[];
  }

  /** Decisions of public sessions; `votedOnly` keeps those with a roll call (the vote events). */
  decisions(filter: OpenFilter, paging: PageRequest | null, opts: { ocdId?: string; votedOnly?: boolean; sessionIds?: number[] } = {}): { rows: DecisionRow[]; total: number } {
    const [where, params] = this.#sessionWhere(filter);
    const clauses = [where];
    const extra: unknown[] = [];
    if (opts.ocdId) {
      clauses.push('(d.ocd_id = ? OR d.vote_ocd_id = ?)');
      extra.push(opts.ocdId, opts.ocdId);
    }
    if (opts.votedOnly) clauses.push('EXISTS (SELECT 1 FROM votes v WHERE v.decision_id = d.id)');
    if (opts.sessionIds) clauses.push(opts.sessionIds.length ? `d.session_id IN (${opts.sessionIds.map(() => '?').join(',')})` : '0');
    if (opts.sessionIds) extra.push(...opts.sessionIds);
    const from = `FROM decisions d JOIN sessions s ON s.id = d.session_id JOIN bodies b ON b.id = s.body_id WHERE ${clauses.join(' AND ')}`;
    const total = this.db.prepare(`SELECT count(*) ${from}`).pluck().get(...params, ...extra) as number;
    const limit = paging ? 'LIMIT ? OFFSET ?' : '';
    const rows = this.db
      .prepare(
        `SELECT d.id, d.ocd_id, d.vote_ocd_id, d.session_id, d.agenda_item_id, d.number, d.title, d.text, d.outcome, d.created_at,
                s.ocd_id AS event_ocd_id, s.title AS event_title, s.starts_at, b.ocd_id AS body_ocd_id, b.name_hy AS body_name, b.slug AS body_slug
           ${from} ORDER BY s.starts_at DESC, d.id ${limit}`,
      )
      .all(...params, ...extra, ...(paging ? [paging.perPage, (paging.page - 1) * paging.perPage] : [])) as DecisionRow[];
    return { rows, total };
  }

  votesOf(decisionIds: number[]): VoteRow[] {
    if (!decisionIds.length) return [];
    return this.db
      .prepare(
        `SELECT v.decision_id, v.choice, m.ocd_id AS member_ocd_id, m.name AS member_name FROM votes v JOIN members m ON m.id = v.member_id
          WHERE v.decision_id IN (${decisionIds.map(() => '?').join(',')}) ORDER BY v.decision_id, m.name`,
      )
      .all(...decisionIds) as VoteRow[];
  }

  #bodyWhere(organization: string | undefined): [string, unknown[]] {
    return organization ? ['(b.slug = ? OR b.ocd_id = ?)', [organization, organization]] : ['', []];
  }

  #sessionWhere(filter: OpenFilter, ocdId?: string): [string, unknown[]] {
    const where = [this.scope.includePrivate ? '1' : "s.visibility = 'public'"];
    const params: unknown[] = [];
    const [body, bodyParams] = this.#bodyWhere(filter.organization);
    if (body) where.push(body), params.push(...bodyParams);
    if (filter.from) where.push('s.starts_at >= ?'), params.push(filter.from);
    // A date alone means the whole day.
    if (filter.to) where.push('s.starts_at < ?'), params.push(/^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? `${filter.to}T24` : filter.to);
    if (ocdId) where.push('s.ocd_id = ?'), params.push(ocdId);
    return [where.join(' AND '), params];
  }
}
