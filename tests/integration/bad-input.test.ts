import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { errorShape } from '../helpers/errors.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: Login;
let clerk: Login;
let meetingId: number;
let clerkId: number;
const tables = ['accounts', 'account_roles', 'invites', 'audit_log', 'sessions', 'login_sessions'];
let before: Record<string, number>;

beforeAll(async () => {
  // Hundreds of bad requests from one address must not lock the accounts this test logs in with.
  server = await startServer({ env: { LOGIN_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: '10000' } });
  admin = await login(server, 'admin');
  clerk = await login(server, 'clerk');
  meetingId = queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM sessions WHERE visibility = 'private'")[0]!.id;
  clerkId = clerk.account.id;
  before = Object.fromEntries(tables.map((t) => [t, countRows(server.dataDir, t)]));
});
afterAll(async () => {
  await server?.stop();
});

const huge = 'ա'.repeat(20_000);
const script = '<script>alert(1)</script>';

type Case = [name: string, auth: () => Login | null, method: string, path: () => string, body: unknown, status: number];

const cases: Case[] = [
  // login
  ['login: empty body', () => null, 'POST', () => '/api/auth/login', {}, 400],
  ['login: wrong types', () => null, 'POST', () => '/api/auth/login', { username: 42, password: true }, 400],
  ['login: extra field', () => null, 'POST', () => '/api/auth/login', { username: 'admin', password: 'x', role: 'admin' }, 400],
  ['login: huge username', () => null, 'POST', () => '/api/auth/login', { username: huge, password: 'x' }, 400],
  ['login: array body', () => null, 'POST', () => '/api/auth/login', [1, 2], 400],
  ['login: null body', () => null, 'POST', () => '/api/auth/login', 'null', 400],
  ['login: script username', () => null, 'POST', () => '/api/auth/login', { username: script, password: 'xxxxxxxxxxxx' }, 401],
  // create account
  ['account: missing password', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user' }, 400],
  ['account: short password', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'short' }, 400],
  ['account: HTML username', () => admin, 'POST', () => '/api/admin/accounts', { username: script, password: 'long-enough-pw' }, 400],
  ['account: Armenian username', () => admin, 'POST', () => '/api/admin/accounts', { username: 'անի', password: 'long-enough-pw' }, 400],
  ['account: huge display name', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw', displayName: huge }, 400],
  ['account: unknown role', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw', grants: [{ role: 'mayor', bodyId: null }] }, 400],
  ['account: unknown body', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw', grants: [{ role: 'clerk', bodyId: 9999 }] }, 400],
  ['account: body-scoped admin', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw', grants: [{ role: 'admin', bodyId: 1 }] }, 400],
  ['account: taken username', () => admin, 'POST', () => '/api/admin/accounts', { username: 'CLERK', password: 'long-enough-pw' }, 409],
  ['account: extra field', () => admin, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw', isAdmin: true }, 400],
  ['account: no login', () => null, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw' }, 401],
  ['account: wrong role', () => clerk, 'POST', () => '/api/admin/accounts', { username: 'new-user', password: 'long-enough-pw' }, 403],
  // update, roles, password, unlock
  ['patch: nothing to change', () => admin, 'PATCH', () => `/api/admin/accounts/${clerkId}`, {}, 400],
  ['patch: disabled as string', () => admin, 'PATCH', () => `/api/admin/accounts/${clerkId}`, { disabled: 'yes' }, 400],
  ['patch: unknown id', () => admin, 'PATCH', () => '/api/admin/accounts/999999', { disabled: true }, 404],
  ['patch: id not a number', () => admin, 'PATCH', () => '/api/admin/accounts/abc', { disabled: true }, 400],
  ['patch: disable self', () => admin, 'PATCH', () => `/api/admin/accounts/${admin.account.id}`, { disabled: true }, 400],
  ['roles: not an array', () => admin, 'PUT', () => `/api/admin/accounts/${clerkId}/roles`, { grants: 'clerk' }, 400],
  ['roles: too many', () => admin, 'PUT', () => `/api/admin/accounts/${clerkId}/roles`, { grants: Array(60).fill({ role: 'staff', bodyId: null }) }, 400],
  ['roles: unknown id', () => admin, 'PUT', () => '/api/admin/accounts/999999/roles', { grants: [] }, 404],
  ['password: too long', () => admin, 'POST', () => `/api/admin/accounts/${clerkId}/password`, { password: 'x'.repeat(500) }, 400],
  ['password: missing', () => admin, 'POST', () => `/api/admin/accounts/${clerkId}/password`, {}, 400],
  ['unlock: unknown id', () => admin, 'POST', () => '/api/admin/accounts/999999/unlock', undefined, 404],
  ['audit: bad limit', () => admin, 'GET', () => '/api/admin/audit?limit=100000', undefined, 400],
  ['audit: injection in action', () => admin, 'GET', () => "/api/admin/audit?action=x'%20OR%201=1", undefined, 400],
  // invites
  ['invite: validHours too large', () => clerk, 'POST', () => `/api/sessions/${meetingId}/invites`, { validHours: 100000 }, 400],
  ['invite: label huge', () => clerk, 'POST', () => `/api/sessions/${meetingId}/invites`, { label: huge }, 400],
  ['invite: unknown session', () => clerk, 'POST', () => '/api/sessions/999999/invites', {}, 404],
  ['invite: revoke unknown', () => clerk, 'DELETE', () => '/api/invites/999999', undefined, 404],
  ['invite: no login', () => null, 'POST', () => `/api/sessions/${meetingId}/invites`, {}, 401],
];

describe('bad input over every REST route', () => {
  it.each(cases)('%s', async (_name, auth, method, path, body, status) => {
    const res = await call(server.url, auth(), method, path(), body);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(errorShape(res.body.error));
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect(JSON.stringify(res.body)).not.toMatch(/at \S+\.(ts|js):\d+/);
  });

  it('names each wrong field of a validation failure in issues, path joined with dots', async () => {
    const res = await call(server.url, admin, 'POST', '/api/admin/accounts', {
      username: 'ok-name',
      password: 'short',
      grants: [{ role: 'mayor', bodyId: null }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const byPath = Object.fromEntries(res.body.error.issues.map((i: { path: string; code: string }) => [i.path, i.code]));
    expect(byPath).toMatchObject({ password: 'too_small', 'grants.0.role': 'invalid_value' });
  });

  it('treats invalid UTF-8 as a bad request or a failed login, never a 500', async () => {
    const bytes = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('","password":"xxxxxxxxxxx"}')]);
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect([400, 401]).toContain(res.status);
    const created = await fetch(`${server.url}/api/admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      body: Buffer.concat([Buffer.from('{"username":"a'), Buffer.from([0xff]), Buffer.from('b","password":"long-enough-pw"}')]),
    });
    expect(created.status).toBe(400);
  });

  it('wrote nothing and keeps serving', async () => {
    // Only the audit rows of the two logins in beforeAll exist; no account, role, invite or session changed.
    const after = Object.fromEntries(tables.map((t) => [t, countRows(server.dataDir, t)]));
    expect(after).toEqual(before);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
