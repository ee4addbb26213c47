import type { I18n } from '../i18n/i18n.svelte';
import type { MessageKey } from '../i18n/catalog';

/** Member roles with names in the catalogs; a role stored as other text is shown and kept as it is. */
export const memberRoles = ['chair', 'deputy', 'secretary', 'member'] as const;
export type KnownRole = (typeof memberRoles)[number];
export const isKnownRole = (role: string): role is KnownRole => (memberRoles as readonly string[]).includes(role);

/** Chair first, then deputy, secretary, members, other roles; by name within a role. */
export function byRoleThenName(lang: string) {
  const rank = (role: string) => (isKnownRole(role) ? memberRoles.indexOf(role) : memberRoles.length);
  return (a: { role: string; name: string }, b: { role: string; name: string }) =>
    rank(a.role) - rank(b.role) || a.name.localeCompare(b.name, lang);
}

export function memberRoleName(i18n: I18n, role: string): string {
  return isKnownRole(role) ? i18n.t(`console.members.role.${role}` satisfies MessageKey) : role;
}
