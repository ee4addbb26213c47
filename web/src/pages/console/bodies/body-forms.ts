import { retentionDaysSchema, slugSchema } from '@server/civic/civic.contract';
import type { ApiError } from '../../../lib/api';
import type { MessageKey } from '../../../lib/i18n/catalog';
import { schemaProblem } from '../../../lib/staff/form-state.svelte';

/** Field name → the message to show beside it. */
export type Problems = Record<string, MessageKey | null | undefined>;

/** The server's own rule (slugSchema). */
export function slugProblem(slug: string): MessageKey | null {
  return schemaProblem(slugSchema, slug.trim(), 'console.bodies.field.slugInvalid');
}

/** The retention field's text as the contract's value: empty keeps recordings for ever (null). */
export function retentionInput(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The server's own rule (retentionDays in updateBodySchema): whole days from 1 to 36500, or empty. */
export function retentionProblem(text: string): MessageKey | null {
  return schemaProblem(retentionDaysSchema, retentionInput(text), 'console.bodies.field.retentionInvalid');
}

/**
 * Which field a rejected request was about, from the server's message: zod issues name their path
 * ("Invalid member: termEnd: expected a date…"), the few rules across fields are recognised by their words.
 * The message itself is shown with the form, in the server's words.
 */
export function serverProblem(error: ApiError, fields: readonly string[]): Problems | null {
  if (error.code === 'conflict' && /slug/i.test(error.message)) return { slug: 'console.bodies.field.slugTaken' };
  if (error.code !== 'validation_failed') return null;
  if (/term ends before it starts/i.test(error.message)) return { termEnd: 'console.members.field.termOrder' };
  const found: Problems = {};
  for (const field of fields) {
    if (new RegExp(`(^|[:;] )${field.replace('.', '\\.')}: `).test(error.message)) found[field] = 'console.field.rejected';
  }
  return Object.keys(found).length ? found : null;
}

/** Today's calendar date in Yerevan (UTC+4, no daylight saving), as YYYY-MM-DD: the default end of a term. */
export const yerevanToday = () => new Date(Date.now() + 4 * 3_600_000).toISOString().slice(0, 10);

/** Whether a term covers today. */
export function inOffice(m: { termStart: string | null; termEnd: string | null }, today = yerevanToday()): boolean {
  return (m.termStart === null || m.termStart <= today) && (m.termEnd === null || m.termEnd >= today);
}
