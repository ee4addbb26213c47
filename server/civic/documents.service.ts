import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { AuditLog } from '../accounts/audit-log.js';
import type { DocumentKind, StoredDocument } from './documents.repository.js';
import { can, type Principal } from '../accounts/authorization.js';
import { sessionFor, type Staff } from './civic-access.js';
import { sniffDocument } from './document-type.js';
import { DomainError, invalidField, notFound, validationFailed } from '../core/errors.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';

export const documentMaxBytes = 25 * 1024 * 1024;

/**
 * Session documents and minutes. Files are stored by checksum under `<dataDir>/documents/`, written to a
 * temporary name and renamed, so a crash never leaves half a file under a real name; the row is written
 * only once the file is complete.
 */
/** Where a document's file is kept under `<dataDir>/documents/`: by its checksum, so one file serves every copy. */
export const documentPath = (sha256: string, ext: string) => `${sha256.slice(0, 2)}/${sha256}.${ext}`;

/** Writes a document's file once (aside, then rename); false when it is already there. */
export function writeDocumentOnce(dir: string, relative: string, content: Buffer): boolean {
  const target = path.join(dir, relative);
  if (fs.existsSync(target)) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx' });
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return true;
}

export class DocumentsService {
  private readonly dir: string;

  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'db' | 'documents' | 'sessions'>,
    private readonly trail: AuditLog,
    dataDir: string,
    private readonly log: Logger,
  ) {
    this.dir = path.join(dataDir, 'documents');
  }

  upload(
    actor: Staff,
    sessionId: SessionId,
    input: { title: string; kind: DocumentKind; agendaItemId?: number; contentType?: string },
    content: Buffer,
  ): StoredDocument {
    sessionFor(this.repos, actor, sessionId, 'sessions.manage');
    if (input.agendaItemId !== undefined && this.repos.agenda.get(input.agendaItemId as AgendaItemId)?.sessionId !== sessionId) {
      throw invalidField('agendaItemId', `Agenda item ${input.agendaItemId} is not on this session's agenda.`);
    }
    if (content.length === 0) throw validationFailed('The upload is empty; send the file as the request body.');
    const type = sniffDocument(content, input.contentType);
    if (!type) {
      throw new DomainError('bad_request', 415, 'Only PDF and office documents (Word, Excel, PowerPoint, OpenDocument) can be attached; this file is something else.');
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const filePath = documentPath(sha256, type.ext);
    const written = writeDocumentOnce(this.dir, filePath, content);
    try {
      return this.repos.db.transaction(() => {
        const doc = this.repos.documents.create({
          sessionId,
          agendaItemId: (input.agendaItemId ?? null) as AgendaItemId | null,
          kind: input.kind,
          title: input.title,
          filePath,
          mime: type.mime,
          bytes: content.length,
          sha256,
        });
        this.trail.record(actor, 'document.upload', `document:${doc.id}`, { sessionId, sha256, bytes: content.length, kind: input.kind });
        return doc;
      })();
    } catch (error) {
      if (written && !this.repos.documents.fileInUse(filePath)) this.unlink(filePath);
      throw error;
    }
  }

  /** A document and its file; private sessions' documents exist only for staff who may see them. */
  open(principal: Principal, id: number): { doc: StoredDocument; file: string; isPrivate: boolean } {
    const doc = this.repos.documents.get(id);
    const session = doc && this.repos.sessions.get(doc.sessionId);
    if (!doc || !session) throw notFound(`There is no document with id ${id}.`);
    const isPrivate = session.visibility === 'private';
    if (isPrivate && !can(principal, 'private.view', session.bodyId)) throw notFound(`There is no document with id ${id}.`);
    const file = path.join(this.dir, doc.filePath);
    if (!fs.existsSync(file)) {
      this.log.error({ documentId: id, file }, 'document file is missing');
      throw notFound(`The file of document ${id} is missing; ask the clerk to upload it again.`);
    }
    return { doc, file, isPrivate };
  }

  delete(actor: Staff, id: number): void {
    const doc = this.repos.documents.get(id);
    if (!doc) throw notFound(`There is no document with id ${id}.`);
    sessionFor(this.repos, actor, doc.sessionId, 'sessions.manage');
    this.repos.db.transaction(() => {
      this.repos.documents.delete(id);
      this.trail.record(actor, 'document.delete', `document:${id}`, { sessionId: doc.sessionId, title: doc.title });
    })();
    this.removeFiles([doc.filePath]);
  }

  /** Files no row points at any more (after a session was deleted). */
  removeFiles(files: readonly string[]): void {
    for (const f of files) if (!this.repos.documents.fileInUse(f)) this.unlink(f);
  }

  /** Writes the file unless an identical one (same checksum) is there; true if it wrote. */
  private unlink(relative: string): void {
    try {
      fs.rmSync(path.join(this.dir, relative), { force: true });
    } catch (err) {
      this.log.warn({ err, file: relative }, 'could not remove a document file');
    }
  }
}
