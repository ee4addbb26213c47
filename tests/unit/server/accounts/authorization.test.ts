import { describe, expect, it } from 'vitest';
import { actions, can, permissions, roles, type Action, type Principal, type Role } from '../../../../server/accounts/authorization.js';
import type { AccountId, BodyId } from '../../../../server/core/ids.js';

const body = 1 as BodyId;
const otherBody = 2 as BodyId;
const as = (role: Role, bodyId: BodyId | null): Principal => ({
  kind: 'account',
  accountId: 1 as AccountId,
  username: role,
  grants: [{ role, bodyId }],
});

/** The expected table, written out in full so a change to the code's table must be made here too. */
const expected: Record<Role, Action[]> = {
  admin: Object.keys(actions) as Action[],
  clerk: ['sessions.manage', 'agenda.mark', 'decisions.record', 'meeting.join', 'meeting.host', 'invites.manage', 'private.view', 'captions.live', 'interpret'],
  operator: ['broadcast.run', 'agenda.mark', 'meeting.join', 'meeting.host', 'invites.manage', 'private.view', 'interpret'],
  moderator: ['questions.moderate', 'private.view'],
  archivist: ['recordings.manage', 'private.view'],
  captioner: ['captions.live'],
  interpreter: ['interpret'],
  staff: ['meeting.join', 'private.view'],
};

describe('authorization table', () => {
  const cases = roles.flatMap((role) => (Object.keys(actions) as Action[]).map((action) => [role, action] as const));

  it.each(cases)('%s may %s only where the table says so', (role, action) => {
    const allowed = expected[role].includes(action);
    expect(permissions[role].includes(action)).toBe(allowed);
    const scope = actions[action].scope;
    // A grant for all bodies.
    expect(can(as(role, null), action, body)).toBe(allowed);
    // A grant for one body: allowed there for body-scoped actions, never for another body or global actions.
    if (role !== 'admin') {
      expect(can(as(role, body), action, body)).toBe(allowed && scope === 'body');
      expect(can(as(role, body), action, otherBody)).toBe(false);
    }
  });

  it('refuses everything to anonymous residents', () => {
    for (const action of Object.keys(actions) as Action[]) {
      expect(can({ kind: 'anonymous' }, action, body)).toBe(false);
    }
  });

  it('combines grants: a clerk of one body and staff of another', () => {
    const p: Principal = {
      kind: 'account',
      accountId: 1 as AccountId,
      username: 'x',
      grants: [
        { role: 'clerk', bodyId: body },
        { role: 'staff', bodyId: otherBody },
      ],
    };
    expect(can(p, 'sessions.manage', body)).toBe(true);
    expect(can(p, 'sessions.manage', otherBody)).toBe(false);
    expect(can(p, 'meeting.join', otherBody)).toBe(true);
  });

  it('allows a body-scoped action without a body only to grants for all bodies', () => {
    expect(can(as('clerk', body), 'sessions.manage')).toBe(false);
    expect(can(as('clerk', null), 'sessions.manage')).toBe(true);
  });
});
