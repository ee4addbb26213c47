import type { Repositories } from '../storage/repositories.js';
import type { AgendaItem } from '../storage/agenda.repository.js';
import type { Body } from '../storage/bodies.repository.js';
import type { Member } from '../storage/members.repository.js';
import type { Session } from '../storage/sessions.repository.js';
import type { SessionId } from './ids.js';
import { notFound } from './errors.js';

/**
 * Writes to the civic catalogue (bodies, members, sessions, agendas). Each write updates the search index
 * in the same transaction, so search never finds something that is not there.
 */
export class CatalogService {
  constructor(private readonly repos: Repositories) {}

  createBody(input: Omit<Body, 'id'>): Body {
    return this.repos.bodies.create(input);
  }

  addMember(input: Omit<Member, 'id'>): Member {
    return this.repos.members.create(input);
  }

  createSession(input: Omit<Session, 'id' | 'status'> & { status?: Session['status'] }): Session {
    return this.repos.db.transaction(() => {
      const session = this.repos.sessions.create(input);
      this.repos.search.upsert({ kind: 'session', refId: session.id, sessionId: session.id, title: session.title });
      return session;
    })();
  }

  addAgendaItem(sessionId: SessionId, item: Omit<AgendaItem, 'id' | 'position' | 'sessionId'>): AgendaItem {
    return this.repos.db.transaction(() => {
      if (!this.repos.sessions.get(sessionId)) throw notFound(`There is no session with id ${sessionId}.`);
      const created = this.repos.agenda.append({ ...item, sessionId });
      this.repos.search.upsert({
        kind: 'agenda',
        refId: created.id,
        sessionId,
        title: `${created.number}. ${created.title}`,
        body: [created.description, created.presenter].filter(Boolean).join('\n'),
      });
      return created;
    })();
  }
}
