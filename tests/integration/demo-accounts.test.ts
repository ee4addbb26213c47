import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoAccounts, login } from '../helpers/auth.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * A default install (DEMO_CONTENT on) has demo staff accounts, among them an administrator: their passwords
 * are made at seeding, never fixed, kept in DATA_DIR/demo-accounts.json for the server's user only, and a
 * public site is told at every start while they are unchanged.
 */
const roles = ['admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff'];
const warning = 'demo accounts still have their first password on a public site';
const stderrWarning = 'has demo accounts with their first password';
let server: TestServer;

const rawLogin = (username: string, password: string) =>
  fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('demo accounts on a fresh install', () => {
  it('have random passwords: no fixed password logs in, the file has them, mode 0600', async () => {
    // Two guesses per account: with eight roles, three would pass the per-address limit of failed logins (20).
    for (const role of roles) {
      for (const fixed of [`demo-${role}-2026`, role]) expect((await rawLogin(role, fixed)).status, `${role} / ${fixed}`).toBe(401);
    }
    const file = path.join(server.dataDir, 'demo-accounts.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(server.dataDir).filter((f) => f.includes('demo-accounts') && f !== 'demo-accounts.json')).toEqual([]);
    const list = demoAccounts(server);
    expect(list.map((a) => a.username)).toEqual(roles);
    for (const a of list) expect(a.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set(list.map((a) => a.password)).size).toBe(roles.length);
    for (const a of list) {
      const res = await rawLogin(a.username, a.password);
      expect(res.status, a.username).toBe(200);
    }
    // Printed once at the first start, as before; not in the JSON log.
    for (const a of list) expect(server.stderr()).toContain(a.password);
    expect(JSON.stringify(server.logs)).not.toContain(list[0]!.password);
  });

  it('says nothing of them when PUBLIC_URL is unset', () => {
    expect(server.logs.some((l) => l.msg === warning)).toBe(false);
    expect(server.stderr()).not.toContain(stderrWarning);
  });
});

describe('a public site with demo accounts', () => {
  it('warns at every start while they have their first password; a changed password leaves that account out', async () => {
    await server.stop();
    const restart = (env: Record<string, string> = {}) => startServer({ dataDir: server.dataDir, env });

    let s = await restart({ PUBLIC_URL: 'https://nist.example.am' });
    try {
      expect(s.logs.find((l) => l.msg === warning)).toMatchObject({ level: 40, accounts: roles, publicUrl: 'https://nist.example.am' });
      const lines = s.stderr().split('\n').filter((l) => l.includes(stderrWarning));
      expect(lines, s.stderr()).toHaveLength(1);
      expect(lines[0]).toContain('https://nist.example.am');
      // Passwords are printed at the first start only.
      expect(s.stderr()).not.toContain(demoAccounts(s)[0]!.password);

      const admin = await login(s, 'admin');
      const adminId = admin.account.id;
      const res = await call(s.url, admin, 'POST', `/api/admin/accounts/${adminId}/password`, { password: 'a-password-of-our-own' });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    } finally {
      await s.stop();
    }

    s = await restart({ PUBLIC_URL: 'https://nist.example.am' });
    try {
      expect(s.logs.find((l) => l.msg === warning)?.accounts).toEqual(roles.filter((r) => r !== 'admin'));
    } finally {
      await s.stop();
    }

    for (const local of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      s = await restart({ PUBLIC_URL: local });
      try {
        expect(s.logs.some((l) => l.msg === warning), local).toBe(false);
        expect(s.stderr()).not.toContain(stderrWarning);
      } finally {
        await s.stop();
      }
    }
  }, 120_000);
});
