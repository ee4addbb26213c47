import { describe, expect, it } from 'vitest';
import { actions, can, roles, type Action, type Principal, type RoleGrant } from '../../../server/accounts/authorization.js';
import type { AccountId, BodyId } from '../../../server/core/ids.js';
import { grantsAllow, grantsAllowSomewhere } from '../../../web/src/lib/staff/staff-permissions.js';

const principal = (grants: RoleGrant[]): Principal => ({ kind: 'account', accountId: 1 as AccountId, username: 'x', grants });

describe("the console's authorization check", () => {
  it('answers exactly as the server does for every role, action and body', () => {
    const grantsToTry: RoleGrant[][] = [[], [{ role: 'clerk', bodyId: 7 as BodyId }, { role: 'moderator', bodyId: null }]];
    for (const role of roles) grantsToTry.push([{ role, bodyId: null }], [{ role, bodyId: 7 as BodyId }]);
    for (const grants of grantsToTry) {
      for (const action of Object.keys(actions) as Action[]) {
        for (const bodyId of [undefined, null, 7, 8]) {
          expect(grantsAllow(grants, action, bodyId), `${JSON.stringify(grants)} ${action} ${bodyId}`).toBe(
            can(principal(grants), action, bodyId as BodyId | null | undefined),
          );
        }
      }
    }
  });

  it('offers a section when some body allows it, but global actions only to all-bodies grants', () => {
    expect(grantsAllowSomewhere([{ role: 'clerk', bodyId: 3 }], 'sessions.manage')).toBe(true);
    expect(grantsAllowSomewhere([{ role: 'clerk', bodyId: 3 }], 'accounts.manage')).toBe(false);
    expect(grantsAllowSomewhere([{ role: 'admin', bodyId: null }], 'audit.read')).toBe(true);
    expect(grantsAllowSomewhere([{ role: 'admin', bodyId: 3 }], 'audit.read')).toBe(false);
    expect(grantsAllowSomewhere([{ role: 'unknown', bodyId: null }], 'private.view')).toBe(false);
  });
});
