import type { Db } from './database.js';
import type { SessionId } from '../domain/ids.js';

export type SearchKind = 'session' | 'agenda' | 'decision' | 'question' | 'caption';

export type SearchHit = {
  sessionId: SessionId;
  kind: SearchKind;
  title: string;
  snippet: string;
  startSec: number | null;
};

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

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /** Replaces the index row of one searchable thing. */
  upsert(entry: {
    kind: SearchKind;
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
        'INSERT INTO search (title, body, kind, session_id, ref_id, start_s, lang) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(entry.title, entry.body ?? '', entry.kind, entry.sessionId, entry.refId, entry.startSec ?? null, entry.lang ?? '');
  }

  remove(kind: SearchKind, refId: number): void {
    this.db.prepare('DELETE FROM search WHERE kind = ? AND ref_id = ?').run(kind, refId);
  }

  /** Public hits only: rows of private sessions are never returned. */
  query(q: string, limit = 50): SearchHit[] {
    const match = toMatchExpression(q);
    if (!match) return [];
    const rows = this.db
      .prepare(
        `SELECT search.session_id AS sessionId, search.kind AS kind, search.title AS title,
                snippet(search, -1, '<mark>', '</mark>', '…', 16) AS snippet, search.start_s AS startSec
           FROM search JOIN sessions s ON s.id = search.session_id
          WHERE search MATCH ? AND s.visibility = 'public'
          ORDER BY rank LIMIT ?`,
      )
      .all(match, limit) as SearchHit[];
    return rows;
  }
}
