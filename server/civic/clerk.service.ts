import type { z } from 'zod';
import type {
  agendaItemSchema,
  createBodySchema,
  createMemberSchema,
  createSessionSchema,
  updateAgendaItemSchema,
  updateBodySchema,
  updateMemberSchema,
  updateSessionSchema,
} from './civic.contract.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { AuditLog } from '../accounts/audit-log.js';
import type { Body } from './bodies.repository.js';
import type { Member } from './members.repository.js';
import type { AgendaItem } from './agenda.repository.js';
import type { Session } from './sessions.repository.js';
import { can } from '../accounts/authorization.js';
import type { CatalogService } from './catalog.service.js';
import { requireCan, sessionFor, type Staff } from './civic-access.js';
import { notFound } from '../core/errors.js';
import type { AgendaItemId, BodyId, MemberId, SessionId } from '../core/ids.js';

const manage = 'sessions.manage';

/**
 * The clerk console's writes: bodies, members (terms), sessions and agendas. Checks the actor's roles on
 * the body concerned and writes every change to the audit log in the same transaction as the change.
 */
export class ClerkService {
  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'bodies' | 'db' | 'documents' | 'members' | 'sessions'>,
    private readonly catalog: CatalogService,
    private readonly trail: AuditLog,
  ) {}

  /** Bodies with whether the actor may manage each (clerks see all bodies, edit their own) and their retention rule. */
  listBodies(actor: Staff): (Body & { canManage: boolean; retentionDays: number | null })[] {
    return this.repos.bodies.list().map((b) => ({ ...b, canManage: can(actor, manage, b.id), retentionDays: this.repos.bodies.retentionDays(b.id) }));
  }

  createBody(actor: Staff, input: z.output<typeof createBodySchema>): Body & { retentionDays: null } {
    requireCan(actor, manage); // a new body needs a grant for all bodies
    return this.tx(() => {
      const body = this.catalog.createBody(input);
      this.audit(actor, 'body.create', `body:${body.id}`, { slug: body.slug });
      return { ...body, retentionDays: null };
    });
  }

  /**
   * Names, slug and kind are the clerks' (sessions.manage); how long private recordings are kept is the
   * admins' (retention.set), since it decides what of the record is destroyed. A patch of both needs both.
   */
  updateBody(actor: Staff, id: BodyId, patch: z.output<typeof updateBodySchema>): Body & { retentionDays: number | null } {
    const { retentionDays, ...fields } = patch;
    const bodyId = this.body(id).id;
    if (Object.values(fields).some((v) => v !== undefined)) requireCan(actor, manage, bodyId);
    if (retentionDays !== undefined) requireCan(actor, 'retention.set', bodyId);
    return this.tx(() => {
      const current = this.body(id);
      const body = this.catalog.updateBody(id, { ...fields, name: { ...current.name, ...fields.name } });
      const before = this.repos.bodies.retentionDays(id);
      if (retentionDays !== undefined && retentionDays !== before) {
        this.repos.bodies.setRetentionDays(id, retentionDays);
        this.audit(actor, 'body.retention', `body:${id}`, { from: before, to: retentionDays });
      }
      if (Object.keys(fields).length > 0) this.audit(actor, 'body.update', `body:${id}`, { fields: Object.keys(fields) });
      return { ...body, retentionDays: this.repos.bodies.retentionDays(id) };
    });
  }

  deleteBody(actor: Staff, id: BodyId): void {
    requireCan(actor, manage);
    this.tx(() => {
      this.catalog.deleteBody(this.body(id).id);
      this.audit(actor, 'body.delete', `body:${id}`);
    });
  }

  listMembers(actor: Staff, bodyId: BodyId): Member[] {
    requireCan(actor, manage, this.body(bodyId).id);
    return this.repos.members.listByBody(bodyId);
  }

  addMember(actor: Staff, bodyId: BodyId, input: z.output<typeof createMemberSchema>): Member {
    requireCan(actor, manage, this.body(bodyId).id);
    return this.tx(() => {
      const member = this.catalog.addMember({ ...input, bodyId });
      this.audit(actor, 'member.create', `member:${member.id}`, { bodyId });
      return member;
    });
  }

  updateMember(actor: Staff, id: MemberId, patch: z.output<typeof updateMemberSchema>): Member {
    requireCan(actor, manage, this.member(id).bodyId);
    return this.tx(() => {
      const member = this.catalog.updateMember(id, patch);
      this.audit(actor, 'member.update', `member:${id}`, { fields: Object.keys(patch) });
      return member;
    });
  }

  deleteMember(actor: Staff, id: MemberId): void {
    requireCan(actor, manage, this.member(id).bodyId);
    this.tx(() => {
      this.catalog.deleteMember(id);
      this.audit(actor, 'member.delete', `member:${id}`);
    });
  }

  createSession(actor: Staff, input: z.output<typeof createSessionSchema>): Session {
    const bodyId = this.body(input.bodyId as BodyId).id;
    requireCan(actor, manage, bodyId);
    return this.tx(() => {
      const session = this.catalog.createSession({
        bodyId,
        kind: input.kind,
        title: input.title,
        startsAt: input.startsAt,
        location: input.location,
        // Meetings are private unless the clerk says otherwise; council sessions are public.
        visibility: input.visibility ?? (input.kind === 'meeting' ? 'private' : 'public'),
        createdBy: actor.accountId as Session['createdBy'],
      });
      this.audit(actor, 'session.create', `session:${session.id}`, { bodyId, kind: session.kind });
      return session;
    });
  }

  updateSession(actor: Staff, id: SessionId, patch: z.output<typeof updateSessionSchema>): Session {
    sessionFor(this.repos, actor, id, manage);
    return this.tx(() => {
      const session = this.catalog.updateSession(id, patch);
      this.audit(actor, patch.visibility ? `session.${patch.visibility === 'public' ? 'publish' : 'hide'}` : 'session.update', `session:${id}`, {
        fields: Object.keys(patch),
      });
      return session;
    });
  }

  deleteSession(actor: Staff, id: SessionId): string[] {
    sessionFor(this.repos, actor, id, manage);
    return this.tx(() => {
      const files = this.repos.documents.filesOfSession(id);
      this.catalog.deleteSession(id);
      this.audit(actor, 'session.delete', `session:${id}`);
      return files.filter((f) => !this.repos.documents.fileInUse(f));
    });
  }

  addAgendaItem(actor: Staff, sessionId: SessionId, input: z.output<typeof agendaItemSchema>): AgendaItem {
    sessionFor(this.repos, actor, sessionId, manage);
    return this.tx(() => {
      const item = this.catalog.addAgendaItem(sessionId, input);
      this.audit(actor, 'agenda.create', `agenda:${item.id}`, { sessionId });
      return item;
    });
  }

  updateAgendaItem(actor: Staff, id: AgendaItemId, patch: z.output<typeof updateAgendaItemSchema>): AgendaItem {
    sessionFor(this.repos, actor, this.item(id).sessionId, manage);
    return this.tx(() => {
      const item = this.catalog.updateAgendaItem(id, patch);
      this.audit(actor, 'agenda.update', `agenda:${id}`, { fields: Object.keys(patch) });
      return item;
    });
  }

  deleteAgendaItem(actor: Staff, id: AgendaItemId): void {
    const item = this.item(id);
    sessionFor(this.repos, actor, item.sessionId, manage);
    this.tx(() => {
      this.catalog.deleteAgendaItem(id);
      this.audit(actor, 'agenda.delete', `agenda:${id}`, { sessionId: item.sessionId, title: item.title });
    });
  }

  reorderAgenda(actor: Staff, sessionId: SessionId, ids: readonly number[]): AgendaItem[] {
    sessionFor(this.repos, actor, sessionId, manage);
    return this.tx(() => {
      const items = this.catalog.reorderAgenda(sessionId, ids as AgendaItemId[]);
      this.audit(actor, 'agenda.reorder', `session:${sessionId}`, { ids });
      return items;
    });
  }

  private body(id: BodyId): Body {
    const body = this.repos.bodies.get(id);
    if (!body) throw notFound(`There is no body with id ${id}.`);
    return body;
  }

  private member(id: MemberId): Member {
    const member = this.repos.members.get(id);
    if (!member) throw notFound(`There is no member with id ${id}.`);
    return member;
  }

  private item(id: AgendaItemId): AgendaItem {
    const item = this.repos.agenda.get(id);
    if (!item) throw notFound(`There is no agenda item with id ${id}.`);
    return item;
  }

  private audit(actor: Staff, action: string, target: string, details?: Record<string, unknown>): void {
    this.trail.record(actor, action, target, details);
  }

  private tx<T>(fn: () => T): T {
    return this.repos.db.transaction(fn)();
  }
}
