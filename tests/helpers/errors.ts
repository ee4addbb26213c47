import { expect } from 'vitest';

/**
 * What every error body's `error` must look like: a code and a message, and with a validation failure its
 * `issues` (one `{ path, code, message }` per problem, the path joined with dots), nothing else.
 */
export function errorShape(error: { code?: unknown; issues?: unknown[] } | undefined) {
  const issue = { path: expect.any(String), code: expect.any(String), message: expect.any(String) };
  if (error?.issues === undefined) return { code: expect.any(String), message: expect.any(String) };
  expect(error.code).toBe('validation_failed');
  expect(error.issues.length).toBeGreaterThan(0);
  return { code: expect.any(String), message: expect.any(String), issues: error.issues.map(() => issue) };
}
