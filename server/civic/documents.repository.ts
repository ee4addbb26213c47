import type { Db } from '../core/database.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';

export type DocumentKind = 'document' | 'minutes';

export type DocumentRow = {
  id: number;
  agendaItemId: number | null;
  kind: DocumentKind;
  title: string;
  mime: string;
  bytes: number;
  sha256: string;
};

export type StoredDocument = DocumentRow & { sessionId: SessionId; filePath: string };

const columns = `id, session_id AS sessionId, agenda_item_id AS agendaItemId, kind, title, file_path AS filePath,
  mime, bytes, sha256`;

export class DocumentsRepository {
  constructor(private readonly db: Db) {}

  create(input: Omit<StoredDocument, 'id' | 'agendaItemId'> & { agendaItemId: AgendaItemId | null }): StoredDocument {
    const id = this.db
      .prepare(
        `INSERT INTO documents (session_id, agenda_item_id, kind, title, file_path, mime, bytes, sha256, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      )
      .run(input.sessionId, input.agendaItemId, input.kind, input.title, input.filePath, input.mime, input.bytes, input.sha256)
      .lastInsertRowid;
    return { ...input, id: Number(id) };
  }

  get(id: number): StoredDocument | undefined {
    return this.db.prepare(`SELECT ${columns} FROM documents WHERE id = ?`).get(id) as StoredDocument | undefined;
  }

  /** Whether another document row still points at this stored file (files are shared by checksum). */
  fileInUse(filePath: string): boolean {
    return this.db.prepare('SELECT 1 FROM documents WHERE file_path = ? LIMIT 1').get(filePath) !== undefined;
  }

  filesOfSession(sessionId: SessionId): string[] {
    return this.db.prepare('SELECT DISTINCT file_path FROM documents WHERE session_id = ?').pluck().all(sessionId) as string[];
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM documents WHERE id = ?').run(id).changes > 0;
  }

  listBySession(sessionId: SessionId): DocumentRow[] {
    return this.db
      .prepare(
        `SELECT id, agenda_item_id AS agendaItemId, kind, title, mime, bytes, sha256
           FROM documents WHERE session_id = ? ORDER BY kind, id`,
      )
      .all(sessionId) as DocumentRow[];
  }
}
