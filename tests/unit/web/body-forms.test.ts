import { describe, expect, it } from 'vitest';
import { createMemberSchema, slugSchema, updateBodySchema } from '../../../server/civic/civic.contract.js';
import { describeIssues } from '../../../server/core/common.contract.js';
import { ApiError } from '../../../web/src/lib/api.js';
import { inOffice, serverProblem, slugProblem } from '../../../web/src/pages/console/bodies/body-forms.js';

/** The 400 the server sends for input a contract refuses (server/core/http/validate.ts). */
function refusal(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, input: unknown, what: string): ApiError {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return new ApiError(400, 'validation_failed', `Invalid ${what}: ${describeIssues(result.error as never)}`);
}

describe('the body and member forms', () => {
  it.each(['gyumri-council', 'a', '9-x', 'Gyumri', '-x', 'has space', 'x'.repeat(64), 'x'.repeat(65), 'գյումրի'])(
    'judges the slug %j as the server does',
    (slug) => {
      expect(slugProblem(slug) === null).toBe(slugSchema.safeParse(slug).success);
    },
  );

  it('puts the server’s refusal of a term that ends before it starts beside the end date', () => {
    const error = refusal(createMemberSchema, { name: 'Արամ', termStart: '2024-10-01', termEnd: '2024-01-01' }, 'member');
    expect(serverProblem(error, ['name', 'role', 'termStart', 'termEnd'])).toEqual({ termEnd: 'console.members.field.termOrder' });
    // An update is checked against the stored term by the service, in its own words.
    const stored = new ApiError(400, 'validation_failed', 'The term ends before it starts.');
    expect(serverProblem(stored, ['termEnd'])).toEqual({ termEnd: 'console.members.field.termOrder' });
  });

  it('finds the field a contract names in its message, nested names included', () => {
    const date = refusal(createMemberSchema, { name: 'Արամ', termStart: '2024-02-30' }, 'member');
    expect(serverProblem(date, ['name', 'role', 'termStart', 'termEnd'])).toEqual({ termStart: 'console.field.rejected' });
    const name = refusal(updateBodySchema, { name: { hy: '' } }, 'body');
    expect(serverProblem(name, ['slug', 'kind', 'name.hy', 'name.en', 'name.ru'])).toEqual({ 'name.hy': 'console.field.rejected' });
  });

  it('marks a taken slug, and leaves other failures to the form-level notice', () => {
    expect(serverProblem(new ApiError(409, 'conflict', 'The slug "x" is taken.'), ['slug'])).toEqual({ slug: 'console.bodies.field.slugTaken' });
    expect(serverProblem(new ApiError(403, 'forbidden', 'Your roles do not allow this.'), ['slug'])).toBeNull();
    expect(serverProblem(new ApiError(0, 'network', 'offline'), ['slug'])).toBeNull();
  });

  it('counts a member in office on the first and the last day of the term', () => {
    const term = { termStart: '2024-10-01', termEnd: '2029-10-01' };
    expect(inOffice(term, '2024-10-01')).toBe(true);
    expect(inOffice(term, '2029-10-01')).toBe(true);
    expect(inOffice(term, '2029-10-02')).toBe(false);
    expect(inOffice(term, '2024-09-30')).toBe(false);
    expect(inOffice({ termStart: null, termEnd: null }, '2026-01-01')).toBe(true);
  });
});
