import type { z } from 'zod';
import { describeIssues, toIssues } from '../common.contract.js';
import { validationFailed } from '../errors.js';

/** Parses untrusted input with a contract schema; a failure becomes a 400 that says what was wrong, field by field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(`Invalid ${what}: ${describeIssues(result.error)}`, toIssues(result.error));
  return result.data;
}
