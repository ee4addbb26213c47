import type { RepositoriesOf } from '../core/repositories.js';
import type { Session } from './sessions.repository.js';
import { can, type Action, type Principal } from '../accounts/authorization.js';
import { forbidden, notFound } from '../core/errors.js';
import type { BodyId, SessionId } from '../core/ids.js';

export type Staff = Extract<Principal, { kind: 'account' }>;

export function requireCan(actor: Staff, action: Action, bodyId?: BodyId | null): void {
  if (!can(actor, action, bodyId)) throw forbidden(`Your roles do not allow this (${action}).`);
}

/** Whether the actor may do any of `actions` on the body (clerks and archivists share some work). */
export function requireAny(actor: Staff, actions: readonly Action[], bodyId: BodyId): void {
  if (!actions.some((a) => can(actor, a, bodyId))) throw forbidden(`Your roles do not allow this (${actions.join(' or ')}).`);
}

/**
 * The session an action is about. Staff who may not see a private session are told it does not exist, as
 * residents are; staff who may see it but not act on it are told so.
 */
export function sessionFor(repos: RepositoriesOf<'sessions'>, actor: Staff, id: SessionId, actions: Action | readonly Action[]): Session {
  const session = repos.sessions.get(id);
  if (!session || (session.visibility === 'private' && !can(actor, 'private.view', session.bodyId))) {
    throw notFound(`There is no session with id ${id}.`);
  }
  requireAny(actor, typeof actions === 'string' ? [actions] : actions, session.bodyId);
  return session;
}

/** Yerevan calendar date (UTC+4, no daylight saving) of an instant: whose term covers the session. */
export const yerevanDate = (iso: string) => new Date(new Date(iso).getTime() + 4 * 3_600_000).toISOString().slice(0, 10);
