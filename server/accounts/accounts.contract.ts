import { z } from 'zod';
import { idSchema } from '../core/common.contract.js';

const roleSchema = z.enum(['admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff'], {
  message: 'expected one of admin, clerk, operator, moderator, archivist, captioner, interpreter, staff',
});

export const usernameSchema = z
  .string({ message: 'expected a username' })
  .trim()
  .min(3, { message: 'a username has at least 3 characters' })
  .max(40, { message: 'a username has at most 40 characters' })
  .regex(/^[a-zA-Z0-9._-]+$/, { message: 'a username uses Latin letters, digits, dot, dash and underscore' });

export const passwordSchema = z
  .string({ message: 'expected a password' })
  .min(10, { message: 'a password has at least 10 characters' })
  .max(200, { message: 'a password has at most 200 characters' });

export const loginBodySchema = z
  .object({
    username: z.string({ message: 'expected a username' }).min(1, { message: 'enter a username' }).max(100),
    password: z.string({ message: 'expected a password' }).min(1, { message: 'enter a password' }).max(200),
  })
  .strict();

export const grantSchema = z
  .object({ role: roleSchema, bodyId: idSchema.nullable().default(null) })
  .strict();

export const createAccountBodySchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().max(100, { message: 'a name has at most 100 characters' }).default(''),
    password: passwordSchema,
    grants: z.array(grantSchema).max(50).default([]),
  })
  .strict();

export const updateAccountBodySchema = z
  .object({
    displayName: z.string().trim().max(100).optional(),
    disabled: z.boolean({ message: 'expected true or false' }).optional(),
  })
  .strict()
  .refine((v) => v.displayName !== undefined || v.disabled !== undefined, { message: 'nothing to change' });

export const setGrantsBodySchema = z.object({ grants: z.array(grantSchema).max(50) }).strict();
export const resetPasswordBodySchema = z.object({ password: passwordSchema }).strict();

export const auditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: idSchema.optional(),
    action: z.string().max(60).regex(/^[a-z_.]+$/).optional(),
  })
  .strict();

export const createInviteBodySchema = z
  .object({
    label: z.string().trim().max(100).default(''),
    /** Hours the link stays valid: an hour to a month. */
    validHours: z.coerce.number().int().min(1).max(24 * 31).default(48),
  })
  .strict();

export type AccountView = {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  locked: boolean;
  createdAt: string;
  roles: { role: string; bodyId: number | null }[];
};

export type MeReply = { account: Omit<AccountView, 'locked'>; csrfToken: string };

export type AccountList = { items: AccountView[] };

/** One staff action; `username` is null for the command line (create-admin). Newest first, paged by `before`. */
export type AuditEntryView = {
  id: number;
  accountId: number | null;
  username: string | null;
  action: string;
  target: string;
  details: Record<string, unknown> | null;
  at: string;
};

export type AuditList = { items: AuditEntryView[] };
