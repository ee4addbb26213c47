import { randomBytes } from 'node:crypto';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Invite } from './invites.repository.js';
import type { Session } from '../civic/sessions.repository.js';
import { can, type Principal } from './authorization.js';
import { hashToken } from './auth.service.js';
import { forbidden, notFound, validationFailed } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';

type Staff = Extract<Principal, { kind: 'account' }>;

/** Invite links to private meetings: random tokens (stored hashed) with expiry and revocation. */
export class InvitesService {
  constructor(
    private readonly repos: RepositoriesOf<'audit' | 'db' | 'invites' | 'sessions'>,
    private readonly now: () => number = Date.now,
  ) {}

  create(actor: Staff, sessionId: SessionId, input: { label: string; validHours: number }): Invite & { token: string } {
    const session = this.sessionFor(actor, sessionId);
    if (session.visibility !== 'private') throw validationFailed('Invite links are for private meetings; this session is public.');
    const token = randomBytes(24).toString('base64url');
    const invite = this.repos.db.transaction(() => {
      const created = this.repos.invites.create({
        sessionId,
        tokenHash: hashToken(token),
        label: input.label,
        expiresAt: new Date(this.now() + input.validHours * 3_600_000).toISOString(),
        createdBy: actor.accountId,
      });
      this.repos.audit.record({ accountId: actor.accountId, action: 'invite.create', target: `session:${sessionId}`, details: { inviteId: created.id, label: input.label } });
      return created;
    })();
    return { ...invite, token };
  }

  list(actor: Staff, sessionId: SessionId): Invite[] {
    this.sessionFor(actor, sessionId);
    return this.repos.invites.listBySession(sessionId);
  }

  revoke(actor: Staff, inviteId: number): Invite {
    const invite = this.repos.invites.get(inviteId);
    if (!invite) throw notFound(`There is no invite with id ${inviteId}.`);
    this.sessionFor(actor, invite.sessionId);
    this.repos.db.transaction(() => {
      this.repos.invites.revoke(inviteId, new Date(this.now()).toISOString());
      this.repos.audit.record({ accountId: actor.accountId, action: 'invite.revoke', target: `session:${invite.sessionId}`, details: { inviteId } });
    })();
    return this.repos.invites.get(inviteId)!;
  }

  /** Whether a token admits its holder to the meeting: it must match, be unexpired and unrevoked. */
  isValid(sessionId: SessionId, token: string | undefined): boolean {
    if (!token || token.length > 100) return false;
    const invite = this.repos.invites.findByTokenHash(hashToken(token));
    return !!invite && invite.sessionId === sessionId && !invite.revokedAt && Date.parse(invite.expiresAt) > this.now();
  }

  /** Staff of the body join without a token; anyone else needs a valid invite. */
  canJoin(principal: Principal, session: Session, inviteToken?: string): boolean {
    return can(principal, 'meeting.join', session.bodyId) || this.isValid(session.id, inviteToken);
  }

  private sessionFor(actor: Staff, sessionId: SessionId): Session {
    const session = this.repos.sessions.get(sessionId);
    if (!session) throw notFound(`There is no session with id ${sessionId}.`);
    if (!can(actor, 'invites.manage', session.bodyId)) throw forbidden('Your roles do not allow managing invites of this body.');
    return session;
  }
}
