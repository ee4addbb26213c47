import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The role table, enforced over real HTTP for each demo role (all scoped to the demo council except the
 * global admin) and for anonymous residents. Each route names the action it needs.
 */
type Who = 'admin' | 'clerk' | 'operator' | 'moderator' | 'archivist' | 'captioner' | 'interpreter' | 'staff' | 'anonymous';
const everyone: Who[] = ['admin', 'clerk', 'operator', 'moderator', 'archivist', 'captioner', 'interpreter', 'staff', 'anonymous'];

let server: TestServer;
const logins = new Map<Who, Login | null>();
let meetingId: number;
let councilId: number;

beforeAll(async () => {
  server = await startServer();
  for (const who of everyone) logins.set(who, who === 'anonymous' ? null : await login(server, who));
  meetingId = queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM sessions WHERE visibility = 'private'")[0]!.id;
  councilId = queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM bodies WHERE slug = 'ashtarak-council'")[0]!.id;
  fs.mkdirSync(path.join(server.recordingsDir, String(meetingId)), { recursive: true });
  fs.writeFileSync(path.join(server.recordingsDir, String(meetingId), 'index.m3u8'), '#EXTM3U\n');
});
afterAll(async () => {
  await server?.stop();
});

type Route = { name: string; allowed: Who[]; run: (auth: Login | null, who: Who) => Promise<{ status: number }> };

const routes: Route[] = [
  { name: 'GET /api/admin/accounts', allowed: ['admin'], run: (a) => call(server.url, a, 'GET', '/api/admin/accounts') },
  {
    name: 'POST /api/admin/accounts',
    allowed: ['admin'],
    run: (a, who) =>
      call(server.url, a, 'POST', '/api/admin/accounts', { username: `made-by-${who}`, password: 'long-enough-pass', grants: [{ role: 'staff', bodyId: councilId }] }),
  },
  { name: 'GET /api/admin/audit', allowed: ['admin'], run: (a) => call(server.url, a, 'GET', '/api/admin/audit') },
  {
    name: 'GET /api/sessions/:meeting/invites',
    allowed: ['admin', 'clerk', 'operator'],
    run: (a) => call(server.url, a, 'GET', `/api/sessions/${meetingId}/invites`),
  },
  {
    name: 'POST /api/sessions/:meeting/invites',
    allowed: ['admin', 'clerk', 'operator'],
    run: (a, who) => call(server.url, a, 'POST', `/api/sessions/${meetingId}/invites`, { label: who }),
  },
];

describe('role table over REST', () => {
  const cases = routes.flatMap((r) => everyone.map((who) => [r.name, who, r] as const));
  it.each(cases)('%s as %s', async (_name, who, route) => {
    const auditBefore = countRows(server.dataDir, 'audit_log');
    const accountsBefore = countRows(server.dataDir, 'accounts');
    const { status } = await route.run(logins.get(who)!, who);
    if (route.allowed.includes(who)) {
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(300);
    } else {
      expect(status).toBe(who === 'anonymous' ? 401 : 403);
      // A refused request writes nothing.
      expect(countRows(server.dataDir, 'audit_log')).toBe(auditBefore);
      expect(countRows(server.dataDir, 'accounts')).toBe(accountsBefore);
    }
  });

  it.each(everyone)('private recordings are served to %s only with private.view', async (who) => {
    const auth = logins.get(who)!;
    const res = await fetch(`${server.url}/recordings/${meetingId}/index.m3u8`, { headers: auth ? { cookie: auth.cookie } : {} });
    // A captioner types live lines only, an interpreter only goes on air: no private.view.
    expect(res.status).toBe(who === 'anonymous' || who === 'captioner' || who === 'interpreter' ? 404 : 200);
  });

  it('an invite link admits its holder until it is revoked or expires', async () => {
    const clerk = logins.get('clerk')!;
    const created = await call(server.url, clerk, 'POST', `/api/sessions/${meetingId}/invites`, { label: 'school director', validHours: 2 });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`/meet/${meetingId}?invite=${created.body.token}`);
    const listed = await call(server.url, clerk, 'GET', `/api/sessions/${meetingId}/invites`);
    expect(listed.body.items.find((i: any) => i.id === created.body.id)).not.toHaveProperty('token');
    const revoked = await call(server.url, clerk, 'DELETE', `/api/invites/${created.body.id}`);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const stored = queryServerDb<{ token_hash: string }>(server.dataDir, 'SELECT token_hash FROM invites WHERE id = ?', created.body.id)[0]!;
    expect(stored.token_hash).not.toBe(created.body.token);
  });

  it('refuses invites for public sessions', async () => {
    const res = await call(server.url, logins.get('clerk')!, 'POST', `/api/sessions/1/invites`, {});
    expect(res.status).toBe(400);
  });
});
