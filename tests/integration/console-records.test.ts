import { describe, expect, it } from 'vitest';
import type { PublicMember, RecordingOverviewList } from '../../server/civic/console.contract.js';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

let server: TestServer;
let archivist: Login;
let clerk: Login;
let admin: Login;

withServer(async (s) => {
  server = s;
  [archivist, clerk, admin] = await Promise.all([login(server, 'archivist'), login(server, 'clerk'), login(server, 'admin')]);
});

describe('GET /api/clerk/recordings (the archivists’ list)', () => {
  it('lists the body’s recordings with status, renditions, caption languages and chapters once the demo recording is ready', async () => {
    const ended = demoIds(server).endedSessionId;
    let ready: RecordingOverviewList = { items: [], total: 0, page: 1, pageSize: 50 };
    await expect
      .poll(async () => {
        const res = await call(server.url, archivist, 'GET', '/api/clerk/recordings?body=ashtarak-council');
        ready = res.body as RecordingOverviewList;
        return ready.items.find((r) => r.session.id === ended)?.status;
      }, { timeout: 60_000 })
      .toBe('ready');
    expect(ready.total).toBe(ready.items.length);
    const item = ready.items.find((r) => r.session.id === ended)!;
    expect(item.durationSec).toBeGreaterThan(0);
    expect(item.renditions.length).toBeGreaterThan(0);
    expect(item.renditions[0]).toEqual({ height: expect.any(Number), bandwidth: expect.any(Number) });
    expect(item.chapters).toBeGreaterThan(0);
    expect(item.job).toBeNull();
    expect(item.session).toMatchObject({ status: 'ended', visibility: 'public' });

    const put = await fetch(`${server.url}/api/archive/recordings/${item.id}/captions/en`, {
      method: 'PUT',
      headers: { cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken, 'content-type': 'text/vtt' },
      body: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n',
    });
    expect(put.status).toBe(200);
    const after = (await call(server.url, archivist, 'GET', '/api/clerk/recordings?body=ashtarak-council')).body as RecordingOverviewList;
    expect(after.items.find((r) => r.id === item.id)!.captions).toEqual(['en']);
  });

  it('answers admins, refuses clerks and residents, and rejects bad queries with 400', async () => {
    expect((await call(server.url, admin, 'GET', '/api/clerk/recordings?body=ashtarak-library')).body).toMatchObject({ items: [], total: 0 });
    expect((await call(server.url, clerk, 'GET', '/api/clerk/recordings?body=ashtarak-council')).status).toBe(403);
    expect((await call(server.url, archivist, 'GET', '/api/clerk/recordings?body=ashtarak-library')).status).toBe(403);
    expect((await call(server.url, null, 'GET', '/api/clerk/recordings?body=ashtarak-council')).status).toBe(401);
    for (const query of ['', '?body=', '?body=Not_A_Slug', '?body=ashtarak-council&page=0', '?body=ashtarak-council&extra=1']) {
      const res = await call(server.url, archivist, 'GET', `/api/clerk/recordings${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await call(server.url, archivist, 'GET', '/api/clerk/recordings?body=no-such-body')).status).toBe(404);
  });
});

describe('GET /api/bodies/:slug/members (public)', () => {
  it('lists the members whose term covers today, and not those whose term has ended', async () => {
    const councilId = queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM bodies WHERE slug = 'ashtarak-council'")[0]!.id;
    const added = await call(server.url, clerk, 'POST', `/api/clerk/bodies/${councilId}/members`, { name: 'Տիգրան Մելքոնյան', role: 'member', termStart: '2020-01-01', termEnd: '2021-01-01' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const res = await call(server.url, null, 'GET', '/api/bodies/ashtarak-council/members');
    expect(res.status).toBe(200);
    const items = res.body.items as PublicMember[];
    const inOffice = queryServerDb<{ n: number }>(server.dataDir, "SELECT count(*) AS n FROM members WHERE body_id = ? AND term_end >= date('now')", councilId)[0]!.n;
    expect(items).toHaveLength(inOffice);
    expect(items.map((m) => m.name)).toContain('Անի Սարգսյան');
    expect(items.map((m) => m.name)).not.toContain('Տիգրան Մելքոնյան');
    expect(items[0]).toEqual({ id: expect.any(Number), name: expect.any(String), role: expect.any(String), termStart: expect.any(String), termEnd: expect.any(String) });
    expect((await call(server.url, null, 'GET', '/api/bodies/no-such-body/members')).status).toBe(404);
    expect((await call(server.url, null, 'GET', '/api/bodies/Bad%20Slug/members')).status).toBe(400);
  });
});
