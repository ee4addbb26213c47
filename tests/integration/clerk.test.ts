import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { errorShape } from '../helpers/errors.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: Login;
let clerk: Login;
let operator: Login;

beforeAll(async () => {
  // Many logins from one address (the test's) must not trip the login throttle.
  server = await startServer({ env: { LOGIN_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: '10000' } });
  [admin, clerk, operator] = await Promise.all([login(server, 'admin'), login(server, 'clerk'), login(server, 'operator')]);
});
afterAll(async () => {
  await server?.stop();
});

const councilId = () => queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM bodies WHERE slug = 'ashtarak-council'")[0]!.id;
const libraryId = () => queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM bodies WHERE slug = 'ashtarak-library'")[0]!.id;
const audits = (action: string) => queryServerDb(server.dataDir, 'SELECT * FROM audit_log WHERE action = ?', action).length;

async function createSession(auth: Login, body: Record<string, unknown> = {}) {
  const res = await call(server.url, auth, 'POST', '/api/clerk/sessions', {
    bodyId: councilId(),
    kind: 'council',
    title: 'Ավագանու նիստ՝ ճանապարհաշինություն',
    startsAt: '2026-12-10T11:00:00+04:00',
    location: 'Դահլիճ',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: number; visibility: string; startsAt: string };
}

describe('clerk console API', () => {
  it('creates a session with an agenda, reorders it in one step, edits and deletes items, and search follows', async () => {
    const session = await createSession(clerk);
    expect(session).toMatchObject({ visibility: 'public', startsAt: '2026-12-10T07:00:00.000Z' });
    const titles = ['Ճանապարհների վերանորոգում', 'Փողոցային լուսավորություն', 'Աղբահանություն'];
    const items = [];
    for (const [i, title] of titles.entries()) {
      const res = await call(server.url, clerk, 'POST', `/api/clerk/sessions/${session.id}/agenda`, { number: String(i + 1), title, presenter: 'Քաղաքաշինության բաժին' });
      expect(res.status).toBe(201);
      items.push(res.body as { id: number; position: number });
    }
    expect(items.map((i) => i.position)).toEqual([1, 2, 3]);

    const reordered = await call(server.url, clerk, 'PUT', `/api/clerk/sessions/${session.id}/agenda/order`, { ids: [items[2]!.id, items[0]!.id, items[1]!.id] });
    expect(reordered.status).toBe(200);
    const pub = await call(server.url, null, 'GET', `/api/sessions/${session.id}`);
    expect(pub.body.agenda.map((a: { title: string }) => a.title)).toEqual([titles[2], titles[0], titles[1]]);

    const edited = await call(server.url, clerk, 'PATCH', `/api/clerk/agenda/${items[1]!.id}`, { title: 'Փողոցային լուսավորության ցանցի ընդլայնում', description: 'ԼԵԴ լամպեր' });
    expect(edited.status).toBe(200);
    const hits = await call(server.url, null, 'GET', `/api/search?q=${encodeURIComponent('լուսավորությ')}`);
    expect(hits.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ sessionId: session.id, kind: 'agenda', title: '2. Փողոցային լուսավորության ցանցի ընդլայնում' })]));

    expect((await call(server.url, clerk, 'DELETE', `/api/clerk/agenda/${items[0]!.id}`)).status).toBe(204);
    const after = await call(server.url, clerk, 'GET', `/api/clerk/sessions/${session.id}`);
    expect(after.body.agenda.map((a: { id: number; position: number }) => [a.id, a.position])).toEqual([[items[2]!.id, 1], [items[1]!.id, 2]]);
    const gone = await call(server.url, null, 'GET', `/api/search?q=${encodeURIComponent('Ճանապարհների')}`);
    expect(gone.body.items.filter((h: { kind: string }) => h.kind === 'agenda')).toEqual([]);
    expect(audits('agenda.reorder')).toBeGreaterThanOrEqual(1);
    expect(audits('agenda.delete')).toBeGreaterThanOrEqual(1);
  });

  it('refuses an incomplete new order and leaves the agenda as it was', async () => {
    const session = await createSession(clerk);
    const a = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${session.id}/agenda`, { number: '1', title: 'Ա' })).body;
    const b = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${session.id}/agenda`, { number: '2', title: 'Բ' })).body;
    const res = await call(server.url, clerk, 'PUT', `/api/clerk/sessions/${session.id}/agenda/order`, { ids: [b.id] });
    expect(res.status).toBe(400);
    const rows = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM agenda_items WHERE session_id = ? ORDER BY position', session.id);
    expect(rows.map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it('keeps meetings private until published, and hides a session again', async () => {
    const meeting = await createSession(clerk, { kind: 'meeting', title: 'Աշխատանքային հանդիպում' });
    expect(meeting.visibility).toBe('private');
    expect((await call(server.url, null, 'GET', `/api/sessions/${meeting.id}`)).status).toBe(404);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${meeting.id}`, { visibility: 'public' })).status).toBe(200);
    expect((await call(server.url, null, 'GET', `/api/sessions/${meeting.id}`)).status).toBe(200);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${meeting.id}`, { visibility: 'private' })).status).toBe(200);
    expect((await call(server.url, null, 'GET', `/api/sessions/${meeting.id}`)).status).toBe(404);
    expect(audits('session.publish')).toBe(1);
    expect(audits('session.hide')).toBe(1);
  });

  it('manages bodies and members (terms) with the roles of the table', async () => {
    const created = await call(server.url, admin, 'POST', '/api/clerk/bodies', { slug: 'gyumri-council', kind: 'council', name: { hy: 'Գյումրու ավագանի', en: 'Gyumri Council', ru: 'Совет Гюмри' } });
    expect(created.status).toBe(201);
    expect((await call(server.url, clerk, 'POST', '/api/clerk/bodies', { slug: 'x-council', kind: 'council', name: { hy: 'Ա', en: 'A', ru: 'А' } })).status).toBe(403);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/bodies/${created.body.id}`, { kind: 'institution' })).status).toBe(403);
    const renamed = await call(server.url, admin, 'PATCH', `/api/clerk/bodies/${created.body.id}`, { name: { en: 'Gyumri Community Council' } });
    expect(renamed.body.name).toEqual({ hy: 'Գյումրու ավագանի', en: 'Gyumri Community Council', ru: 'Совет Гюмри' });

    const member = await call(server.url, clerk, 'POST', `/api/clerk/bodies/${councilId()}/members`, { name: 'Տիգրան Մանուկյան', termStart: '2024-10-01', termEnd: '2029-10-01' });
    expect(member.status).toBe(201);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/members/${member.body.id}`, { termEnd: '2020-01-01' })).status).toBe(400);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/members/${member.body.id}`, { termEnd: '2026-12-31', role: 'deputy chair' })).body).toMatchObject({ termEnd: '2026-12-31', role: 'deputy chair' });
    expect((await call(server.url, clerk, 'POST', `/api/clerk/bodies/${libraryId()}/members`, { name: 'Օտար' })).status).toBe(403);
    expect((await call(server.url, clerk, 'DELETE', `/api/clerk/members/${member.body.id}`)).status).toBe(204);

    const list = await call(server.url, clerk, 'GET', '/api/clerk/bodies');
    const council = list.body.items.find((b: { slug: string }) => b.slug === 'ashtarak-council');
    const library = list.body.items.find((b: { slug: string }) => b.slug === 'ashtarak-library');
    expect([council.canManage, library.canManage]).toEqual([true, false]);
    expect((await call(server.url, admin, 'DELETE', `/api/clerk/bodies/${councilId()}`)).status).toBe(409);
    expect((await call(server.url, admin, 'DELETE', `/api/clerk/bodies/${created.body.id}`)).status).toBe(204);
  });

  it('lets only a clerk of the body edit its sessions, and refuses deleting a held session', async () => {
    const session = await createSession(clerk);
    expect((await call(server.url, operator, 'PATCH', `/api/clerk/sessions/${session.id}`, { title: 'X' })).status).toBe(403);
    expect((await call(server.url, null, 'PATCH', `/api/clerk/sessions/${session.id}`, { title: 'X' })).status).toBe(401);
    const library = await createSession(admin, { bodyId: libraryId(), kind: 'meeting' });
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${library.id}`, { title: 'X' })).status).toBe(404);
    const ended = queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM sessions WHERE status = 'ended' LIMIT 1")[0]!.id;
    expect((await call(server.url, clerk, 'DELETE', `/api/clerk/sessions/${ended}`)).status).toBe(409);
    expect((await call(server.url, clerk, 'DELETE', `/api/clerk/sessions/${session.id}`)).status).toBe(204);
    expect(queryServerDb(server.dataDir, 'SELECT * FROM search WHERE session_id = ?', session.id)).toEqual([]);
  });

  it('filters the public list by kind', async () => {
    const meeting = await createSession(clerk, { kind: 'meeting', title: 'Հանրային լսումներ', visibility: 'public' });
    const meetings = await call(server.url, null, 'GET', '/api/sessions?kind=meeting&pageSize=100');
    expect(meetings.body.items.map((s: { id: number }) => s.id)).toContain(meeting.id);
    expect(meetings.body.items.every((s: { kind: string }) => s.kind === 'meeting')).toBe(true);
    const councils = await call(server.url, null, 'GET', '/api/sessions?kind=council&pageSize=100');
    expect(councils.body.items.every((s: { kind: string }) => s.kind === 'council')).toBe(true);
    expect((await call(server.url, null, 'GET', '/api/sessions?kind=party')).status).toBe(400);
  });

  it('lists the body’s sessions for the console, private ones included', async () => {
    const res = await call(server.url, clerk, 'GET', '/api/clerk/sessions?body=ashtarak-council&lang=en');
    expect(res.status).toBe(200);
    expect(res.body.items.some((s: { visibility: string }) => s.visibility === 'private')).toBe(true);
    expect(res.body.items[0].body.name).toBe('Ashtarak Community Council');
  });
});

const huge = 'ա'.repeat(20_000);
type Case = [name: string, auth: () => Login | null, method: string, path: () => string, body: unknown, status: number];
let sid = 0;
let item = 0;
const sessionPath = () => `/api/clerk/sessions/${sid}`;

const cases: Case[] = [
  ['body: missing names', () => admin, 'POST', () => '/api/clerk/bodies', { slug: 'abc', kind: 'council' }, 400],
  ['body: bad slug', () => admin, 'POST', () => '/api/clerk/bodies', { slug: 'Bad Slug', kind: 'council', name: { hy: 'a', en: 'a', ru: 'a' } }, 400],
  ['body: taken slug', () => admin, 'POST', () => '/api/clerk/bodies', { slug: 'ashtarak-council', kind: 'council', name: { hy: 'a', en: 'a', ru: 'a' } }, 409],
  ['body: unknown kind', () => admin, 'POST', () => '/api/clerk/bodies', { slug: 'abc', kind: 'parliament', name: { hy: 'a', en: 'a', ru: 'a' } }, 400],
  ['body: nothing to change', () => admin, 'PATCH', () => `/api/clerk/bodies/${councilId()}`, {}, 400],
  ['body: unknown id', () => admin, 'PATCH', () => '/api/clerk/bodies/99999', { kind: 'council' }, 404],
  ['body: id not a number', () => admin, 'PATCH', () => '/api/clerk/bodies/abc', { kind: 'council' }, 400],
  ['member: no name', () => clerk, 'POST', () => `/api/clerk/bodies/${councilId()}/members`, { role: 'member' }, 400],
  ['member: bad date', () => clerk, 'POST', () => `/api/clerk/bodies/${councilId()}/members`, { name: 'Ա', termStart: '2024-02-30' }, 400],
  ['member: term backwards', () => clerk, 'POST', () => `/api/clerk/bodies/${councilId()}/members`, { name: 'Ա', termStart: '2025-01-01', termEnd: '2024-01-01' }, 400],
  ['member: huge name', () => clerk, 'POST', () => `/api/clerk/bodies/${councilId()}/members`, { name: huge }, 400],
  ['member: unknown body', () => clerk, 'POST', () => '/api/clerk/bodies/99999/members', { name: 'Ա' }, 404],
  ['member: unknown id', () => clerk, 'PATCH', () => '/api/clerk/members/99999', { name: 'Ա' }, 404],
  ['member: with votes', () => clerk, 'DELETE', () => `/api/clerk/members/${queryServerDb<{ member_id: number }>(server.dataDir, 'SELECT member_id FROM votes LIMIT 1')[0]!.member_id}`, undefined, 409],
  ['session: no body', () => clerk, 'POST', () => '/api/clerk/sessions', { kind: 'council', title: 'Ա', startsAt: '2026-12-10T11:00:00+04:00' }, 400],
  ['session: date without offset', () => clerk, 'POST', () => '/api/clerk/sessions', () => ({ bodyId: councilId(), kind: 'council', title: 'Ա', startsAt: '2026-12-10 11:00' }), 400],
  ['session: year 3000', () => clerk, 'POST', () => '/api/clerk/sessions', () => ({ bodyId: councilId(), kind: 'council', title: 'Ա', startsAt: '3000-01-01T00:00:00Z' }), 400],
  ['session: empty title', () => clerk, 'POST', () => '/api/clerk/sessions', () => ({ bodyId: councilId(), kind: 'council', title: '   ', startsAt: '2026-12-10T11:00:00Z' }), 400],
  ['session: extra field', () => clerk, 'POST', () => '/api/clerk/sessions', () => ({ bodyId: councilId(), kind: 'council', title: 'Ա', startsAt: '2026-12-10T11:00:00Z', status: 'live' }), 400],
  ['session: other body', () => clerk, 'POST', () => '/api/clerk/sessions', () => ({ bodyId: libraryId(), kind: 'council', title: 'Ա', startsAt: '2026-12-10T11:00:00Z' }), 403],
  ['session: unknown body', () => clerk, 'POST', () => '/api/clerk/sessions', { bodyId: 99999, kind: 'council', title: 'Ա', startsAt: '2026-12-10T11:00:00Z' }, 404],
  ['session: array body', () => clerk, 'POST', () => '/api/clerk/sessions', [1, 2], 400],
  ['session: visibility typo', () => clerk, 'PATCH', sessionPath, { visibility: 'secret' }, 400],
  ['session: list without body', () => clerk, 'GET', () => '/api/clerk/sessions', undefined, 400],
  ['session: list other body', () => clerk, 'GET', () => '/api/clerk/sessions?body=ashtarak-library', undefined, 403],
  ['agenda: no title', () => clerk, 'POST', () => `${sessionPath()}/agenda`, { number: '1' }, 400],
  ['agenda: number as object', () => clerk, 'POST', () => `${sessionPath()}/agenda`, { number: { a: 1 }, title: 'Ա' }, 400],
  ['agenda: unknown session', () => clerk, 'POST', () => '/api/clerk/sessions/99999/agenda', { number: '1', title: 'Ա' }, 404],
  ['agenda: order duplicates', () => clerk, 'PUT', () => `${sessionPath()}/agenda/order`, { ids: [item, item] }, 400],
  ['agenda: order foreign item', () => clerk, 'PUT', () => `${sessionPath()}/agenda/order`, { ids: [1] }, 400],
  ['agenda: order empty', () => clerk, 'PUT', () => `${sessionPath()}/agenda/order`, { ids: [] }, 400],
  ['agenda: patch nothing', () => clerk, 'PATCH', () => `/api/clerk/agenda/${item}`, {}, 400],
  ['agenda: patch unknown', () => clerk, 'PATCH', () => '/api/clerk/agenda/99999', { title: 'Ա' }, 404],
  ['agenda: no login', () => null, 'POST', () => `${sessionPath()}/agenda`, { number: '1', title: 'Ա' }, 401],
  ['agenda: moderator', () => null, 'DELETE', () => `/api/clerk/agenda/${item}`, undefined, 401],
];

describe('bad input over every clerk route', () => {
  const tables = ['bodies', 'members', 'sessions', 'agenda_items', 'audit_log'];
  let before: Record<string, number>;
  beforeAll(async () => {
    const s = await createSession(clerk);
    sid = s.id;
    item = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${sid}/agenda`, { number: '1', title: 'Ա' })).body.id;
    before = Object.fromEntries(tables.map((t) => [t, countRows(server.dataDir, t)]));
  });

  it.each(cases)('%s → %i', async (_name, auth, method, path, body, status) => {
    const res = await call(server.url, auth(), method, path(), typeof body === 'function' ? body() : body);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(errorShape(res.body.error));
  });

  it('wrote nothing and still serves', async () => {
    expect(Object.fromEntries(tables.map((t) => [t, countRows(server.dataDir, t)]))).toEqual(before);
    expect((await call(server.url, null, 'GET', '/api/health')).status).toBeLessThan(600);
  });
});
