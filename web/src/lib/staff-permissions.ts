import { actions, permissions, roles, type Action, type Role } from '@contracts/roles';

/**
 * The server's authorization rule (server/domain/authorization.ts `can`) over the shared role table, used only
 * to show or hide controls: the server checks every request itself.
 */
export type Grant = { role: string; bodyId: number | null };

export function isStaffRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

const allows = (grant: Grant, action: Action) => isStaffRole(grant.role) && permissions[grant.role].includes(action);

/**
 * A grant without a body covers every body; global actions need a grant without a body; a body-scoped action
 * asked without a body is allowed only by an all-bodies grant.
 */
export function grantsAllow(grants: readonly Grant[], action: Action, bodyId?: number | null): boolean {
  const global = actions[action].scope === 'global';
  return grants.some(
    (g) =>
      allows(g, action) &&
      (g.bodyId === null || (!global && bodyId !== undefined && bodyId !== null && g.bodyId === bodyId)),
  );
}

/** Whether any grant allows `action` for at least one body: enough to offer a console section. */
export function grantsAllowSomewhere(grants: readonly Grant[], action: Action): boolean {
  const global = actions[action].scope === 'global';
  return grants.some((g) => allows(g, action) && (g.bodyId === null || !global));
}
