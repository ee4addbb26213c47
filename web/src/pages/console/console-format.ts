import type { Role } from '@server/accounts/roles';
import type { I18n } from '../../lib/i18n/i18n.svelte';
import type { MessageKey } from '../../lib/i18n/catalog';
import { isStaffRole, type Grant } from '../../lib/staff/staff-permissions';
import type { ConsoleBodies } from './console-bodies.svelte';

export const roleKey = (role: Role): MessageKey => `console.role.${role}`;
export const roleHintKey = (role: Role): MessageKey => `console.roleHint.${role}`;

export function roleName(i18n: I18n, role: string): string {
  return isStaffRole(role) ? i18n.t(roleKey(role)) : role;
}

export function bodyName(i18n: I18n, bodies: ConsoleBodies, bodyId: number | null): string {
  if (bodyId === null) return i18n.t('console.allBodies');
  return bodies.name(bodyId) ?? i18n.t('console.bodyUnknown', { id: String(bodyId) });
}

/** "Clerk · Ashtarak Community Council", "Administrator · all bodies". */
export function grantLabel(i18n: I18n, bodies: ConsoleBodies, grant: Grant): string {
  return `${roleName(i18n, grant.role)} · ${bodyName(i18n, bodies, grant.bodyId)}`;
}
