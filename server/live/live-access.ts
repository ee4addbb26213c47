import type { Session } from '../civic/sessions.repository.js';
import { can, type Principal } from '../accounts/authorization.js';
import { conflict, forbidden, notFound } from '../core/errors.js';

export type JoinRole = 'viewer' | 'publisher' | 'participant' | 'interpreter';
export type JoinGrant = { roomKind: 'broadcast' | 'meeting'; host: boolean };

/**
 * Who may join a session's room, and as what. Viewers watch live public council sessions; only an operator of
 * the body publishes, and only while the session is scheduled or live (so do interpreters, with `interpret`); meetings admit the body's staff and
 * invite holders. `inviteValid` is whether the request carried a valid invite for this session.
 */
export function joinGrant(principal: Principal, session: Session, role: JoinRole, inviteValid: boolean): JoinGrant {
  const hidden = () => notFound(`There is no session with id ${session.id}.`);
  if (session.kind === 'meeting') {
    const member = can(principal, 'meeting.join', session.bodyId) || inviteValid;
    if (!member) throw session.visibility === 'private' && !can(principal, 'private.view', session.bodyId) ? hidden() : forbidden('Only staff of this body and invited guests can join this meeting.');
    if (role !== 'participant') throw forbidden('Meetings are joined as a participant.');
    if (session.status === 'ended') throw conflict('This meeting has ended.');
    return { roomKind: 'meeting', host: can(principal, 'meeting.host', session.bodyId) };
  }
  if (session.visibility === 'private' && !can(principal, 'private.view', session.bodyId)) throw hidden();
  if (role === 'participant') throw forbidden('Council sessions are broadcast, not meetings.');
  if (role === 'publisher') {
    if (!can(principal, 'broadcast.run', session.bodyId)) throw forbidden('Only an operator of this body can broadcast this session.');
    if (session.status === 'ended') throw conflict('This session has ended; it cannot be broadcast again.');
    return { roomKind: 'broadcast', host: true };
  }
  if (role === 'interpreter') {
    if (!can(principal, 'interpret', session.bodyId)) throw forbidden('Only an interpreter, clerk or operator of this body can interpret this session.');
    if (session.status === 'ended') throw conflict('This session has ended.');
    return { roomKind: 'broadcast', host: false };
  }
  if (session.status === 'scheduled') throw conflict('This session has not started yet.');
  if (session.status === 'ended') throw conflict('This session has ended.');
  return { roomKind: 'broadcast', host: false };
}

/** Who may take a session live or end it. */
export function canRun(principal: Principal, session: Session): boolean {
  return can(principal, session.kind === 'meeting' ? 'meeting.host' : 'broadcast.run', session.bodyId);
}

/**
 * LIVE_MAX_WEBRTC_VIEWERS: a public council session with this many WebRTC viewers takes no more; they play
 * the recorder's live HLS. Meetings and private sessions have no public HLS: never limited.
 */
export function webrtcFull(max: number | null | undefined, session: { kind: string; visibility: string }, viewers: number): boolean {
  if (max === null || max === undefined || session.kind !== 'council' || session.visibility !== 'public') return false;
  return viewers >= max;
}
