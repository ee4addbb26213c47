import type { Db } from './database.js';
import type { SessionId } from '../domain/ids.js';

export type DocumentRow = { id: number; agendaItemId: number | null; title: string; mime: string; bytes: number; sha256: string };

export class DocumentsRepository {
  constructor(private readonly db: Db) {}

  listBySession(sessionId: SessionId): DocumentRow[] {
    return this.db
      .prepare(
        `SELECT id, agenda_item_id AS agendaItemId, title, mime, bytes, sha256
           FROM documents WHERE session_id = ? ORDER BY id`,
      )
      .all(sessionId) as DocumentRow[];
  }
}
