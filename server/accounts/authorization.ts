import type { AccountId, BodyId } from '../core/ids.js';

export { actions, permissions, roles, type Action, type Role } from './roles.js';
import { grantsAllow, grantsAllowSomewhere, type Action, type Role } from './roles.js';

export type RoleGrant = { role: Role; bodyId: BodyId | null };

/** Who is asking: a logged-in account with its grants, or an anonymous resident. */
export type Principal =
  | { kind: 'account'; accountId: AccountId; username: string; grants: readonly RoleGrant[] }
  | { kind: 'anonymous' };

export const anonymous: Principal = Object.freeze({ kind: 'anonymous' });

/** Whether `principal` may do `action` (on something of `bodyId` for body-scoped actions). */
export function can(principal: Principal, action: Action, bodyId?: BodyId | null): boolean {
  return principal.kind === 'account' && grantsAllow(principal.grants, action, bodyId);
}

/** Whether any of the principal's grants includes `action`, for some body or all. */
export function holdsSomewhere(principal: Principal, action: Action): boolean {
  return principal.kind === 'account' && grantsAllowSomewhere(principal.grants, action);
}
