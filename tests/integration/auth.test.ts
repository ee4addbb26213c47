import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoPassword, login } from '../helpers/auth.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  // A lock after 3 failures instead of 5, to reach it in fewer requests.
  server = await startServer({ env: { LOGIN_MAX_FAILURES: '3' } });
});
afterAll(async () => {
  await server?.stop();
});

const rawLogin = (username: string, password: string, cookie?: string) =>
  fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ username, password }),
  });

describe('login and logout', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and never returns the password', async () => {
    const res = await rawLogin('clerk', demoPassword(server, 'clerk'));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^nist_sid=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const text = await res.text();
    expect(text).not.toContain(demoPassword(server, 'clerk'));
    expect(text).not.toContain('scrypt');
    const body = JSON.parse(text);
    expect(body.account).toMatchObject({ username: 'clerk', roles: [{ role: 'clerk' }] });
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await rawLogin('archivist', 'not-the-password');
    const unknown = await rawLogin('nobody-here', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('rotates the session id at login, so a planted id never becomes a login (fixation)', async () => {
    const planted = 'nist_sid=planted-by-an-attacker-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const res = await rawLogin('staff', demoPassword(server, 'staff'), planted);
    const issued = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(issued).not.toBe(planted);
    expect((await call(server.url, { cookie: planted, csrfToken: '' } as never, 'GET', '/api/auth/me')).status).toBe(401);
    // A second login issues yet another id and ends the one presented.
    const again = await rawLogin('staff', demoPassword(server, 'staff'), issued);
    const second = again.headers.get('set-cookie')!.split(';')[0]!;
    expect(second).not.toBe(issued);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: issued } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: second } })).status).toBe(200);
  });

  it('ends the login at logout', async () => {
    const auth = await login(server, 'operator');
    expect((await call(server.url, auth, 'GET', '/api/auth/me')).body.account.username).toBe('operator');
    const out = await call(server.url, auth, 'POST', '/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/nist_sid=;/);
    expect((await call(server.url, auth, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('never writes a password to the log', () => {
    const logs = JSON.stringify(server.logs);
    for (const u of ['clerk', 'staff', 'operator', 'archivist']) expect(logs).not.toContain(demoPassword(server, u));
    expect(logs).not.toContain('not-the-password');
    expect(server.logs.some((l) => l.msg === 'login failed')).toBe(true);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated change without the token, with a wrong token, or from another origin', async () => {
    const admin = await login(server, 'admin');
    const body = JSON.stringify({ username: 'csrf-victim', password: 'long-enough-password' });
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/admin/accounts`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: admin.cookie, ...headers }, body });
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example' }];
    for (const headers of attempts) {
      const res = await post(headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as any).error.code).toBe('forbidden');
    }
    const list = await call(server.url, admin, 'GET', '/api/admin/accounts');
    expect(list.body.items.map((a: any) => a.username)).not.toContain('csrf-victim');
    expect((await post({ 'x-csrf-token': admin.csrfToken, origin: server.url })).status).toBe(201);
  });

  it('refuses cross-origin socket connections', async () => {
    const socket = io(`${server.url}/live`, { transports: ['websocket'], extraHeaders: { origin: 'https://evil.example' }, reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toContain('cross-origin');
    socket.close();
  });
});

describe('lockout', () => {
  it('locks an account after repeated failures with 429 and Retry-After, until an admin unlocks it', async () => {
    for (let i = 0; i < 3; i++) expect((await rawLogin('moderator', 'wrong-password-x')).status).toBe(401);
    const locked = await rawLogin('moderator', demoPassword(server, 'moderator'));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as any).error.message).toMatch(/Too many failed logins for this account/);

    const admin = await login(server, 'admin');
    const accounts = (await call(server.url, admin, 'GET', '/api/admin/accounts')).body.items;
    const moderator = accounts.find((a: any) => a.username === 'moderator');
    expect(moderator.locked).toBe(true);
    const unlocked = await call(server.url, admin, 'POST', `/api/admin/accounts/${moderator.id}/unlock`);
    expect(unlocked.body.locked).toBe(false);
    expect((await rawLogin('moderator', demoPassword(server, 'moderator'))).status).toBe(200);
  });
});

describe('account administration', () => {
  it('creates a clerk who can log in but not administer; disabling ends their login', async () => {
    const admin = await login(server, 'admin');
    const bodyId = (await call(server.url, admin, 'GET', '/api/auth/me')).body.account.roles[0].bodyId;
    expect(bodyId).toBeNull();
    const clerkOf = (await login(server, 'clerk')).account.roles[0]!.bodyId;
    const created = await call(server.url, admin, 'POST', '/api/admin/accounts', {
      username: 'gohar.clerk',
      displayName: 'Գոհար Մանուկյան',
      password: 'a-strong-password-1',
      grants: [{ role: 'clerk', bodyId: clerkOf }],
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('passwordHash');
    const gohar = await login(server, 'gohar.clerk', 'a-strong-password-1');
    expect((await call(server.url, gohar, 'GET', '/api/admin/accounts')).status).toBe(403);

    const disabled = await call(server.url, admin, 'PATCH', `/api/admin/accounts/${created.body.id}`, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect((await call(server.url, gohar, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await rawLogin('gohar.clerk', 'a-strong-password-1')).status).toBe(403);
  });

  it('resets a password, which ends the open logins of that account', async () => {
    const admin = await login(server, 'admin');
    const archivist = await login(server, 'archivist');
    const id = archivist.account.id;
    expect((await call(server.url, admin, 'POST', `/api/admin/accounts/${id}/password`, { password: 'brand-new-password' })).status).toBe(204);
    expect((await call(server.url, archivist, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await rawLogin('archivist', 'brand-new-password')).status).toBe(200);
  });

  it('records every staff action in the audit log, readable by admins only', async () => {
    const admin = await login(server, 'admin');
    const audit = await call(server.url, admin, 'GET', '/api/admin/audit?limit=200');
    const actions = audit.body.items.map((e: any) => e.action);
    for (const a of ['auth.login', 'auth.logout', 'account.create', 'account.update', 'account.password_reset', 'account.unlock']) {
      expect(actions).toContain(a);
    }
    expect(audit.body.items[0]).toMatchObject({ username: expect.any(String), at: expect.any(String) });
    const clerk = await login(server, 'clerk');
    expect((await call(server.url, clerk, 'GET', '/api/admin/audit')).status).toBe(403);
    expect((await call(server.url, null, 'GET', '/api/admin/audit')).status).toBe(401);
  });
});
