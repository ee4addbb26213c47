import type { Db } from '../core/database.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';

export type AgendaItem = {
  id: AgendaItemId;
  sessionId: SessionId;
  position: number;
  number: string;
  title: string;
  description: string;
  presenter: string;
};

type Row = {
  id: number;
  session_id: number;
  position: number;
  number: string;
  title: string;
  description: string;
  presenter: string;
};

const toItem = (r: Row): AgendaItem => ({
  id: r.id as AgendaItemId,
  sessionId: r.session_id as SessionId,
  position: r.position,
  number: r.number,
  title: r.title,
  description: r.description,
  presenter: r.presenter,
});

export class AgendaRepository {
  constructor(private readonly db: Db) {}

  /** Appends an item at the end of the session's agenda. */
  append(input: Omit<AgendaItem, 'id' | 'position'>): AgendaItem {
    const position =
      ((this.db.prepare('SELECT max(position) FROM agenda_items WHERE session_id = ?').pluck().get(input.sessionId) as
        | number
        | null) ?? 0) + 1;
    const id = this.db
      .prepare(
        'INSERT INTO agenda_items (session_id, position, number, title, description, presenter) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(input.sessionId, position, input.number, input.title, input.description, input.presenter).lastInsertRowid;
    return { ...input, position, id: Number(id) as AgendaItemId };
  }

  get(id: AgendaItemId): AgendaItem | undefined {
    const row = this.db.prepare('SELECT * FROM agenda_items WHERE id = ?').get(id) as Row | undefined;
    return row && toItem(row);
  }

  update(id: AgendaItemId, patch: Partial<Pick<AgendaItem, 'number' | 'title' | 'description' | 'presenter'>>): AgendaItem | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE agenda_items SET number = ?, title = ?, description = ?, presenter = ? WHERE id = ?')
      .run(next.number, next.title, next.description, next.presenter, id);
    return next;
  }

  delete(id: AgendaItemId): boolean {
    return this.db.prepare('DELETE FROM agenda_items WHERE id = ?').run(id).changes > 0;
  }

  /** Puts the session's items in the order of `ids` (which must be exactly its items; the caller checks). */
  reorder(sessionId: SessionId, ids: readonly AgendaItemId[]): void {
    const set = this.db.prepare('UPDATE agenda_items SET position = ? WHERE id = ? AND session_id = ?');
    ids.forEach((id, i) => set.run(i + 1, id, sessionId));
  }

  listBySession(sessionId: SessionId): AgendaItem[] {
    return (
      this.db.prepare('SELECT * FROM agenda_items WHERE session_id = ? ORDER BY position').all(sessionId) as Row[]
    ).map(toItem);
  }
}
