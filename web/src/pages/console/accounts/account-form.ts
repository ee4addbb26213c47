import { passwordSchema, usernameSchema } from '@server/accounts/accounts.contract';
import { roles, type Role } from '@server/accounts/roles';
import type { MessageKey } from '../../../lib/i18n/catalog';
import type { Grant } from '../../../lib/staff/staff-permissions';

/** One row of the role picker: the role, whether it is given, and its body ('' for all bodies). */
export type RoleChoice = { role: Role; checked: boolean; body: string };

/** The picker's rows for some grants. A role given for several bodies shows its all-bodies grant or its first body. */
export function choicesFromGrants(grants: readonly Grant[]): RoleChoice[] {
  return roles.map((role) => {
    const mine = grants.filter((g) => g.role === role);
    const all = mine.some((g) => g.bodyId === null);
    const first = mine[0];
    return { role, checked: mine.length > 0, body: all || !first ? '' : String(first.bodyId) };
  });
}

/** The grants the picker describes; administrators always act for all bodies. */
export function grantsFromChoices(choices: readonly RoleChoice[]): Grant[] {
  return choices
    .filter((c) => c.checked)
    .map((c) => ({ role: c.role, bodyId: c.role === 'admin' || c.body === '' ? null : Number(c.body) }));
}

// The server's own rules (usernameSchema, passwordSchema); only the message is chosen here.
export function usernameProblem(username: string): MessageKey | null {
  return usernameSchema.safeParse(username).success ? null : 'console.field.usernameInvalid';
}

export function passwordProblem(password: string): MessageKey | null {
  if (passwordSchema.safeParse(password).success) return null;
  return password.length < 10 ? 'console.field.passwordShort' : 'console.field.passwordLong';
}

export function displayNameProblem(name: string): MessageKey | null {
  return name.trim().length > 100 ? 'console.field.nameLong' : null;
}
