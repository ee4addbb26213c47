import type { I18n } from './i18n.svelte';
import type { MessageKey } from './messages/catalog';

/** Member roles with names in the catalogs; a role stored as other text is shown and kept as it is. */
export const memberRoles = ['chair', 'deputy', 'secretary', 'member'] as const;
export type KnownRole = (typeof memberRoles)[number];
export const isKnownRole = (role: string): role is KnownRole => (memberRoles as readonly string[]).includes(role);

export function memberRoleName(i18n: I18n, role: string): string {
  return isKnownRole(role) ? i18n.t(`console.members.role.${role}` satisfies MessageKey) : role;
}
