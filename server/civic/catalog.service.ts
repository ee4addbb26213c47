import type { Repositories, RepositoriesOf } from '../core/repositories.js';
import type { AgendaItem } from './agenda.repository.js';
import type { Body } from './bodies.repository.js';
import type { Member } from './members.repository.js';
import type { Session } from './sessions.repository.js';
import type { AgendaItemId, BodyId, MemberId, SessionId } from '../core/ids.js';
import { conflict, notFound, validationFailed } from '../core/errors.js';

type AgendaFields = Omit<AgendaItem, 'id' | 'position' | 'sessionId'>;

/**
 * Writes to the civic catalogue (bodies, members, sessions, agendas). Each write updates the search index
 * in the same transaction, so search never finds something that is not there. Who may write is checked by
 * the callers (ClerkService); this class keeps the data consistent.
 */
export class CatalogService {
  constructor(private readonly repos: RepositoriesOf<'agenda' | 'bodies' | 'db' | 'members' | 'recordings' | 'search' | 'sessions'>) {}

  createBody(input: Omit<Body, 'id'>): Body {
    if (this.repos.bodies.getBySlug(input.slug)) throw conflict(`The slug "${input.slug}" is taken.`);
    return this.repos.bodies.create(input);
  }

  updateBody(id: BodyId, patch: Partial<Omit<Body, 'id'>>): Body {
    return this.tx(() => {
      const other = patch.slug ? this.repos.bodies.getBySlug(patch.slug) : undefined;
      if (other && other.id !== id) throw conflict(`The slug "${patch.slug}" is taken.`);
      const body = this.repos.bodies.update(id, patch);
      if (!body) throw notFound(`There is no body with id ${id}.`);
      return body;
    });
  }

  deleteBody(id: BodyId): void {
    this.tx(() => {
      if (this.repos.bodies.sessionCount(id) > 0) throw conflict('This body has sessions; delete or move them first.');
      if (!this.repos.bodies.delete(id)) throw notFound(`There is no body with id ${id}.`);
    });
  }

  addMember(input: Omit<Member, 'id'>): Member {
    return this.repos.members.create(input);
  }

  updateMember(id: MemberId, patch: Partial<Omit<Member, 'id' | 'bodyId'>>): Member {
    return this.tx(() => {
      const current = this.repos.members.get(id);
      if (!current) throw notFound(`There is no member with id ${id}.`);
      const next = { ...current, ...patch };
      if (next.termStart && next.termEnd && next.termStart > next.termEnd) throw validationFailed('The term ends before it starts.');
      return this.repos.members.update(id, patch)!;
    });
  }

  deleteMember(id: MemberId): void {
    this.tx(() => {
      if (this.repos.members.voteCount(id) > 0) {
        throw conflict('This member has votes on record; end their term instead of deleting them.');
      }
      if (!this.repos.members.delete(id)) throw notFound(`There is no member with id ${id}.`);
    });
  }

  createSession(input: Omit<Session, 'id' | 'status'> & { status?: Session['status'] }): Session {
    return this.tx(() => {
      const session = this.repos.sessions.create(input);
      this.repos.search.upsert({ kind: 'session', refId: session.id, sessionId: session.id, title: session.title });
      return session;
    });
  }

  updateSession(id: SessionId, patch: Parameters<Repositories['sessions']['update']>[1]): Session {
    return this.tx(() => {
      const session = this.repos.sessions.update(id, patch);
      if (!session) throw notFound(`There is no session with id ${id}.`);
      this.repos.search.upsert({ kind: 'session', refId: id, sessionId: id, title: session.title });
      return session;
    });
  }

  /** Only sessions that never went on air: a recorded session is the public record (hide it instead). */
  deleteSession(id: SessionId): void {
    this.tx(() => {
      const session = this.repos.sessions.get(id);
      if (!session) throw notFound(`There is no session with id ${id}.`);
      if (session.status !== 'scheduled' || this.repos.sessions.getListRow(id)?.recording) {
        throw conflict('This session has been held or recorded; make it private instead of deleting it.');
      }
      this.repos.search.removeSession(id);
      this.repos.sessions.delete(id);
    });
  }

  addAgendaItem(sessionId: SessionId, item: AgendaFields): AgendaItem {
    return this.tx(() => {
      if (!this.repos.sessions.get(sessionId)) throw notFound(`There is no session with id ${sessionId}.`);
      const created = this.repos.agenda.append({ ...item, sessionId });
      this.indexAgendaItem(created);
      return created;
    });
  }

  updateAgendaItem(id: AgendaItemId, patch: Partial<AgendaFields>): AgendaItem {
    return this.tx(() => {
      const item = this.repos.agenda.update(id, patch);
      if (!item) throw notFound(`There is no agenda item with id ${id}.`);
      this.indexAgendaItem(item);
      return item;
    });
  }

  deleteAgendaItem(id: AgendaItemId): void {
    this.tx(() => {
      const item = this.repos.agenda.get(id);
      if (!item) throw notFound(`There is no agenda item with id ${id}.`);
      this.repos.agenda.delete(id);
      this.repos.search.remove('agenda', id);
      const rest = this.repos.agenda.listBySession(item.sessionId).map((a) => a.id);
      this.repos.agenda.reorder(item.sessionId, rest);
    });
  }

  /** `ids` must name every item of the session exactly once. */
  reorderAgenda(sessionId: SessionId, ids: readonly AgendaItemId[]): AgendaItem[] {
    return this.tx(() => {
      const current = new Set(this.repos.agenda.listBySession(sessionId).map((a) => a.id as number));
      if (ids.length !== current.size || ids.some((id) => !current.has(id))) {
        throw validationFailed('The new order must list every agenda item of this session exactly once.');
      }
      this.repos.agenda.reorder(sessionId, ids);
      return this.repos.agenda.listBySession(sessionId);
    });
  }

  indexAgendaItem(item: AgendaItem, startSec: number | null = this.chapterStart(item)): void {
    this.repos.search.upsert({
      kind: 'agenda',
      refId: item.id,
      sessionId: item.sessionId,
      title: `${item.number}. ${item.title}`,
      body: [item.description, item.presenter].filter(Boolean).join('\n'),
      startSec,
    });
  }

  /** Where the item's chapter starts in the session's current recording, if it has one. */
  chapterStart(item: Pick<AgendaItem, 'id' | 'sessionId'>): number | null {
    const recording = this.repos.sessions.getListRow(item.sessionId)?.recording;
    if (!recording) return null;
    return this.repos.recordings.chapters(recording.id as never).find((c) => c.agendaItemId === item.id)?.startSec ?? null;
  }

  private tx<T>(fn: () => T): T {
    return this.repos.db.transaction(fn)();
  }
}
