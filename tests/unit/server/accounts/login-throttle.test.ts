import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../../server/accounts/login-throttle.js';

const make = () => {
  let now = 1_000_000;
  const t = new LoginThrottle({ windowMs: 15 * 60_000, maxPerAccount: 3, maxPerAddress: 5, lockMs: 10 * 60_000, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
};

describe('LoginThrottle', () => {
  it('locks an account after the allowed failures, with the time left', () => {
    const { t } = make();
    for (let i = 0; i < 3; i++) {
      expect(t.check('Ani', '10.0.0.1').allowed).toBe(true);
      t.recordFailure('Ani', '10.0.0.1');
    }
    expect(t.check('ani', '10.0.0.2')).toEqual({ allowed: false, retryAfterSec: 600, reason: 'account' });
    expect(t.check('other', '10.0.0.3').allowed).toBe(true);
  });

  it('unlocks when the lock expires, and on an admin unlock', () => {
    const { t, advance } = make();
    for (let i = 0; i < 3; i++) t.recordFailure('ani', 'a');
    advance(10 * 60_000);
    expect(t.check('ani', 'b').allowed).toBe(true);
    for (let i = 0; i < 3; i++) t.recordFailure('ani', 'c');
    expect(t.isAccountLocked('ani')).toBe(true);
    t.unlockAccount('ani');
    expect(t.check('ani', 'd').allowed).toBe(true);
  });

  it('locks an address trying many accounts', () => {
    const { t } = make();
    for (let i = 0; i < 5; i++) t.recordFailure(`user${i}`, '192.0.2.9');
    expect(t.check('fresh', '192.0.2.9')).toMatchObject({ allowed: false, reason: 'address' });
  });

  it('forgets failures outside the window, and a success clears the account count', () => {
    const { t, advance } = make();
    t.recordFailure('ani', 'a');
    t.recordFailure('ani', 'a');
    advance(16 * 60_000);
    t.recordFailure('ani', 'a');
    expect(t.check('ani', 'x').allowed).toBe(true);
    t.recordFailure('ani', 'a');
    t.recordSuccess('ani');
    t.recordFailure('ani', 'a');
    expect(t.check('ani', 'x').allowed).toBe(true);
  });
});
