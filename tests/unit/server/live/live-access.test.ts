import { describe, expect, it } from 'vitest';
import { anonymous, type Principal } from '../../../../server/accounts/authorization.js';
import { DomainError } from '../../../../server/core/errors.js';
import type { AccountId, BodyId, SessionId } from '../../../../server/core/ids.js';
import { joinGrant, type JoinRole } from '../../../../server/live/live-access.js';
import type { Session } from '../../../../server/civic/sessions.repository.js';

const body = 1 as BodyId;
const account = (role: 'operator' | 'staff' | 'clerk' | 'admin', bodyId: BodyId | null = body): Principal => ({
  kind: 'account',
  accountId: 1 as AccountId,
  username: role,
  grants: [{ role, bodyId }],
});
const session = (over: Partial<Session> = {}): Session => ({
  id: 5 as SessionId,
  bodyId: body,
  kind: 'council',
  title: 't',
  startsAt: '2026-01-01T07:00:00Z',
  location: '',
  status: 'live',
  visibility: 'public',
  createdBy: null,
  ...over,
});

const outcome = (who: Principal, s: Session, role: JoinRole, invite = false) => {
  try {
    return joinGrant(who, s, role, invite);
  } catch (e) {
    return (e as DomainError).code;
  }
};

type Case = [name: string, who: Principal, session: Session, role: JoinRole, expected: unknown, invite?: boolean];

describe('joinGrant', () => {
  it.each<Case>([
    ['a resident watches a live public session', anonymous, session(), 'viewer', { roomKind: 'broadcast', host: false }],
    ['a resident waits for a scheduled one', anonymous, session({ status: 'scheduled' }), 'viewer', 'conflict'],
    ['a resident cannot publish', anonymous, session(), 'publisher', 'forbidden'],
    ['staff cannot publish', account('staff'), session(), 'publisher', 'forbidden'],
    ['an operator of the body publishes a scheduled session', account('operator'), session({ status: 'scheduled' }), 'publisher', { roomKind: 'broadcast', host: true }],
    ['an operator of another body cannot', account('operator', 2 as BodyId), session(), 'publisher', 'forbidden'],
    ['nobody publishes an ended session', account('admin', null), session({ status: 'ended' }), 'publisher', 'conflict'],
    ['a private session is hidden from residents', anonymous, session({ visibility: 'private' }), 'viewer', 'not_found'],
    ['staff join a meeting, not as host', account('staff'), session({ kind: 'meeting', visibility: 'private' }), 'participant', { roomKind: 'meeting', host: false }],
    ['a clerk hosts a meeting', account('clerk'), session({ kind: 'meeting', visibility: 'private' }), 'participant', { roomKind: 'meeting', host: true }],
    ['an invite admits a resident', anonymous, session({ kind: 'meeting', visibility: 'private' }), 'participant', { roomKind: 'meeting', host: false }, true],
    ['a meeting is not watched', account('staff'), session({ kind: 'meeting', visibility: 'private' }), 'viewer', 'forbidden'],
    ['an ended meeting admits nobody', account('clerk'), session({ kind: 'meeting', status: 'ended' }), 'participant', 'conflict'],
  ])('%s', (_name, who, s, role, expected, invite = false) => {
    expect(outcome(who, s, role, invite)).toEqual(expected);
  });
});
