import type { Db } from '../core/database.js';
import type { SessionId } from '../core/ids.js';

export type SearchKind = 'session' | 'agenda' | 'decision' | 'question' | 'caption';

export type SearchHit = {
  sessionId: SessionId;
  kind: SearchKind;
  title: string;
  snippet: string;
  startSec: number | null;
};

/** The words of a query, as FTS5 sees them (see toMatchExpression). */
export function queryWords(q: string): string[] {
  return q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}

/** Folds case and Latin diacritics, as unicode61 remove_diacritics does, to find the matched words again. */
const fold = (w: string) => w.normalize('NFD').replace(/\p{M}+/gu, '').toLocaleLowerCase();

/**
 * The text around the first matched word, matched words (each a prefix) wrapped in <mark>…</mark>. Made
 * here rather than by FTS5's snippet(), which re-reads every expansion of a prefix for each hit.
 */
export function makeSnippet(text: string, words: readonly string[], around = 16): string {
  const prefixes = words.map(fold);
  const tokens = text.split(/(\s+)/);
  const isHit = (t: string) => {
    const core = fold(t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
    return core.length > 0 && prefixes.some((p) => core.startsWith(p));
  };
  const wordsOnly = tokens.filter((t) => !/^\s+$/.test(t));
  const first = Math.max(0, wordsOnly.findIndex(isHit));
  const start = Math.max(0, first - Math.floor(around / 3));
  const slice = wordsOnly.slice(start, start + around);
  const body = slice.map((t) => (isHit(t) ? `<mark>${t}</mark>` : t)).join(' ');
  return `${start > 0 ? '…' : ''}${body}${start + around < wordsOnly.length ? '…' : ''}`;
}

/**
 * Turns what a resident typed into an FTS5 expression: every word must match, each as a prefix, so
 * "բյուջե" finds "բյուջեի". Quotes keep FTS5 operators in the input inert.
 */
export function toMatchExpression(q: string): string | null {
  const words = q
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' AND ');
}

/**
 * Each searchable thing has a fixed rowid, so replacing or removing it is a rowid lookup rather than a scan
 * of the whole index (kind and ref_id are UNINDEXED columns). Newer things have larger ids, so rowid order
 * is roughly age order. Caption cues live in their own table (caption_search), a rowid block per recording
 * and language.
 */
const kindSlot: Record<Exclude<SearchKind, 'caption'>, number> = { session: 0, agenda: 1, decision: 2, question: 3 };
export const searchRowid = (kind: Exclude<SearchKind, 'caption'>, refId: number) => refId * 8 + kindSlot[kind];
const captionLangs: Record<string, number> = { hy: 0, en: 1, ru: 2 };
const cueBlock = 2 ** 16;
/** The rowid range [from, to] of a recording's caption cues in one language. */
const captionRange = (recordingId: number, lang: string) => {
  const from = (recordingId * 3 + (captionLangs[lang] ?? 0)) * cueBlock;
  return { from, to: from + cueBlock - 1 };
};
/**
 * Ranking (bm25) costs per matching row, and a common prefix matches tens of thousands of rows: hits are
 * ranked among the newest `rankWindow` matches of each part of the index (records, captions).
 */
const rankWindow = 1000;

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /** Replaces the index row of one searchable thing. */
  upsert(entry: {
    kind: Exclude<SearchKind, 'caption'>;
    refId: number;
    sessionId: SessionId;
    title: string;
    body?: string;
    startSec?: number | null;
    lang?: string;
  }): void {
    this.remove(entry.kind, entry.refId);
    this.db
      .prepare(
        'INSERT INTO search (rowid, title, body, kind, session_id, ref_id, start_s, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(searchRowid(entry.kind, entry.refId), entry.title, entry.body ?? '', entry.kind, entry.sessionId, entry.refId, entry.startSec ?? null, entry.lang ?? '');
  }

  remove(kind: Exclude<SearchKind, 'caption'>, refId: number): void {
    this.db.prepare('DELETE FROM search WHERE rowid = ?').run(searchRowid(kind, refId));
  }

  /** Every row of a session (it is being deleted). */
  removeSession(sessionId: SessionId): void {
    this.db.prepare('DELETE FROM search WHERE session_id = ?').run(sessionId);
    this.db.prepare('DELETE FROM caption_search WHERE session_id = ?').run(sessionId);
  }

  /** Caption rows are one per cue (at most 65,536 per recording and language), ref_id the recording. */
  replaceCaptions(recordingId: number, sessionId: SessionId, lang: string, cues: readonly { startSec: number; text: string }[]): void {
    const { from, to } = captionRange(recordingId, lang);
    this.db.prepare('DELETE FROM caption_search WHERE rowid BETWEEN ? AND ?').run(from, to);
    const insert = this.db.prepare(
      'INSERT INTO caption_search (rowid, body, session_id, recording_id, start_s, lang) VALUES (?, ?, ?, ?, ?, ?)',
    );
    cues.slice(0, cueBlock).forEach((cue, i) => insert.run(from + i, cue.text, sessionId, recordingId, cue.startSec, lang));
  }

  /** Every caption row of a recording, in every language (the recording is being deleted). */
  removeRecordingCaptions(recordingId: number): void {
    const remove = this.db.prepare('DELETE FROM caption_search WHERE rowid BETWEEN ? AND ?');
    for (const lang of Object.keys(captionLangs)) {
      const { from, to } = captionRange(recordingId, lang);
      remove.run(from, to);
    }
  }

  /** Where in the recording a thing starts (a chapter was marked or moved). */
  setStart(kind: Exclude<SearchKind, 'caption'>, refId: number, startSec: number | null): void {
    this.db.prepare('UPDATE search SET start_s = ? WHERE rowid = ?').run(startSec, searchRowid(kind, refId));
  }

  /**
   * Public hits only: rows of private sessions are never returned. With `lang`, captions in other languages
   * are left out (titles, agendas and decisions are in whatever language the clerk wrote them).
   */
  query(q: string, limit = 50, lang?: string): SearchHit[] {
    const match = toMatchExpression(q);
    if (!match) return [];
    const candidates = [...this.ranked(match, limit * 4), ...this.rankedCaptions(match, limit * 4, lang ?? null)];
    const sessionIds = [...new Set(candidates.map((c) => c.sessionId))];
    const publicTitles = new Map<number, string>();
    if (sessionIds.length) {
      const rows = this.db
        .prepare(`SELECT id, title FROM sessions WHERE visibility = 'public' AND id IN (${sessionIds.map(() => '?').join(',')})`)
        .all(...sessionIds) as { id: number; title: string }[];
      for (const r of rows) publicTitles.set(r.id, r.title);
    }
    const words = queryWords(q);
    return candidates
      .filter((c) => publicTitles.has(c.sessionId))
      .sort((a, b) => a.score - b.score)
      .slice(0, limit)
      .map((c) => ({
        sessionId: c.sessionId,
        kind: c.kind,
        title: c.kind === 'caption' ? publicTitles.get(c.sessionId)! : c.title,
        snippet: makeSnippet(c.kind === 'caption' || !c.body ? `${c.title} ${c.body}`.trim() : `${c.title} — ${c.body}`, words),
        startSec: c.startSec,
      }));
  }

  /** The best matches (bm25) among the newest `rankWindow` matches. */
  private ranked(match: string, limit: number) {
    const floor = this.floor('search', match);
    // bm25() rather than the rank column: ORDER BY rank makes FTS5 rank every match, ignoring the rowid bound.
    return this.db
      .prepare(
        `SELECT session_id AS sessionId, kind, title, body, start_s AS startSec, bm25(search) AS score
           FROM search WHERE search MATCH ? AND rowid >= ? ORDER BY score LIMIT ?`,
      )
      .all(match, floor, limit) as (SearchHit & { body: string; score: number })[];
  }

  private rankedCaptions(match: string, limit: number, lang: string | null) {
    const floor = this.floor('caption_search', match);
    return this.db
      .prepare(
        `SELECT session_id AS sessionId, 'caption' AS kind, '' AS title, body, start_s AS startSec,
                bm25(caption_search) AS score
           FROM caption_search
          WHERE caption_search MATCH ? AND rowid >= ? AND (? IS NULL OR lang = ?)
          ORDER BY score LIMIT ?`,
      )
      .all(match, floor, lang, lang, limit) as (SearchHit & { body: string; score: number })[];
  }

  /** The rowid of the `rankWindow`-th newest match (the lowest rowid worth ranking), or the smallest rowid. */
  private floor(table: 'search' | 'caption_search', match: string): number {
    return (this.db
      .prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${rankWindow - 1}`)
      .pluck()
      .get(match) as number | undefined) ?? Number.MIN_SAFE_INTEGER;
  }
}
