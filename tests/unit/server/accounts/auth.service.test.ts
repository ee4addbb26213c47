import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountsService } from '../../../../server/accounts/accounts.service.js';
import { AuthService } from '../../../../server/accounts/auth.service.js';
import { LoginThrottle } from '../../../../server/accounts/login-throttle.js';
import { openDatabase } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

let dir: string;
let repos: Repositories;
let now: number;
let auth: AuthService;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-auth-'));
  repos = createRepositories(openDatabase(path.join(dir, 'nist.db')));
  now = Date.parse('2026-03-01T10:00:00Z');
  const throttle = new LoginThrottle({ windowMs: 60_000, maxPerAccount: 5, maxPerAddress: 50, lockMs: 60_000, now: () => now });
  auth = new AuthService(repos, throttle, { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000, now: () => now }, pino({ level: 'silent' }));
  await new AccountsService(repos, throttle).create({ kind: 'system' }, { username: 'ani', displayName: '', password: 'long-password-1', grants: [] });
});
afterEach(() => {
  repos.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const loginAni = () => auth.login({ username: 'ani', password: 'long-password-1', address: '127.0.0.1' });

describe('AuthService expiry', () => {
  it('ends a login after the idle timeout', async () => {
    const { token } = await loginAni();
    now += 29 * 60_000;
    expect(auth.resolve(token)).not.toBeNull();
    now += 31 * 60_000; // idle 31 minutes since the last request
    expect(auth.resolve(token)).toBeNull();
    expect(repos.loginSessions.get(token)).toBeUndefined();
  });

  it('ends a login at the absolute limit even when it is in use', async () => {
    const { token } = await loginAni();
    for (let i = 0; i < 16; i++) {
      now += 29 * 60_000;
      expect(auth.resolve(token)).not.toBeNull();
    }
    now += 29 * 60_000; // 8 h 13 min after login
    expect(auth.resolve(token)).toBeNull();
  });

  it('stores only a hash of the session id', async () => {
    const { token } = await loginAni();
    const stored = repos.db.prepare('SELECT id_hash FROM login_sessions').pluck().all() as string[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(token);
    expect(stored[0]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses absurd tokens without touching the database', () => {
    expect(auth.resolve('x'.repeat(10_000))).toBeNull();
    expect(auth.resolve(undefined)).toBeNull();
  });
});
