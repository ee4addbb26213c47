import { z } from 'zod';

export const langSchema = z.enum(['hy', 'en', 'ru']);
export type LangCode = z.infer<typeof langSchema>;

export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * One thing wrong with the input, from a zod issue: `path` is the field's path joined with dots
 * ("agenda.0.title"; "" for the input as a whole), so a form can show `message` next to the field `path` names.
 */
export type Issue = { path: string; code: string; message: string };

/** Every 4xx/5xx body; `issues` comes with validation failures (`validation_failed`). */
export type ErrorBody = { error: { code: ErrorCode; message: string; issues?: Issue[] } };

/** Every socket request is acknowledged with this union; a refused payload's ack carries `issues` as HTTP does. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; issues?: Issue[] } };

/** A positive integer id in a URL path or payload. */
export const idSchema = z.coerce
  .number({ message: 'expected a numeric id' })
  .int({ message: 'expected a whole-number id' })
  .positive({ message: 'expected a positive id' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'id is too large' });

/** Zod issues as `Issue`s (at most 20), for an error body or ack. */
export function toIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message }));
}

/** Describes zod issues in one line a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
