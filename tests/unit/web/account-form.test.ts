import { describe, expect, it } from 'vitest';
import { passwordSchema, usernameSchema } from '../../../server/accounts/accounts.contract.js';
import {
  choicesFromGrants,
  grantsFromChoices,
  passwordProblem,
  usernameProblem,
} from '../../../web/src/pages/console/accounts/account-form.js';

describe('the account form', () => {
  it('turns grants into one picker row per role and back', () => {
    const grants = [
      { role: 'clerk', bodyId: 4 },
      { role: 'moderator', bodyId: null },
    ];
    const choices = choicesFromGrants(grants);
    expect(choices.map((c) => c.role)).toEqual(['admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff']);
    expect(choices.find((c) => c.role === 'clerk')).toEqual({ role: 'clerk', checked: true, body: '4' });
    expect(grantsFromChoices(choices)).toEqual(grants);
  });

  it('gives the admin role for all bodies whatever the picker says', () => {
    const choices = choicesFromGrants([]).map((c) => (c.role === 'admin' ? { ...c, checked: true, body: '3' } : c));
    expect(grantsFromChoices(choices)).toEqual([{ role: 'admin', bodyId: null }]);
  });

  it.each(['ab', 'anahit', 'a.b-c_d', 'x'.repeat(40), 'x'.repeat(41), 'Անահիտ', 'has space', '<b>'])(
    'judges the username %j as the server does',
    (username) => {
      expect(usernameProblem(username) === null).toBe(usernameSchema.safeParse(username).success);
    },
  );

  it.each(['', 'short', 'exactly-10', 'x'.repeat(200), 'x'.repeat(201)])('judges a password as the server does', (password) => {
    expect(passwordProblem(password) === null).toBe(passwordSchema.safeParse(password).success);
  });
});
