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

export type ErrorBody = { error: { code: ErrorCode; message: string } };

/** Every socket request is acknowledged with this union. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** A positive integer id in a URL path or payload. */
export const idSchema = z.coerce
  .number({ message: 'expected a numeric id' })
  .int({ message: 'expected a whole-number id' })
  .positive({ message: 'expected a positive id' })
  .max(Number.MAX_SAFE_INTEGER, { message: 'id is too large' });

/** Describes zod issues in one line a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
