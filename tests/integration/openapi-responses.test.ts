import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Login } from '../helpers/auth.js';
import { openApiChecker } from '../helpers/openapi.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The replies of the real server (demo data, product defaults) against the schemas docs/openapi.yaml gives
 * for their status: the status must be documented for the operation, and the body must match its schema.
 */
let server: TestServer;
let admin: Login;
let clerk: Login;
let checked: Awaited<ReturnType<typeof openApiChecker>>;

beforeAll(async () => {
  server = await startServer();
  [checked, admin, clerk] = await Promise.all([openApiChecker(server.url), login(server, 'admin'), login(server, 'clerk')]);
});
afterAll(async () => {
  await server?.stop();
});

describe('the server answers as docs/openapi.yaml says', () => {
  it('public reads: health, sessions, bodies, members, search, a session, its questions', async () => {
    await checked('GET', '/api/health', '/api/health', null);
    const sessions = await checked('GET', '/api/sessions', '/api/sessions?pageSize=50', null);
    expect(sessions.items.length).toBeGreaterThan(0);
    for (const s of sessions.items) await checked('GET', '/api/sessions/{id}', `/api/sessions/${s.id}?lang=en`, null);
    const { items: bodies } = await checked('GET', '/api/bodies', '/api/bodies', null);
    await checked('GET', '/api/bodies/{slug}/members', `/api/bodies/${bodies[0].slug}/members`, null);
    await checked('GET', '/api/search', `/api/search?q=${encodeURIComponent('բյուջե')}`, null);
    await checked('GET', '/api/sessions/{id}/questions', `/api/sessions/${sessions.items[0].id}/questions`, null);
    await checked('GET', '/api/sessions/{id}/questions/mine', `/api/sessions/${sessions.items[0].id}/questions/mine`, null);
  });

  it('refusals have the error shape and a documented status', async () => {
    await checked('GET', '/api/sessions', '/api/sessions?page=0', null);
    await checked('GET', '/api/sessions/{id}', '/api/sessions/999999', null);
    await checked('GET', '/api/auth/me', '/api/auth/me', null);
    await checked('GET', '/api/admin/accounts', '/api/admin/accounts', clerk);
    await checked('POST', '/api/auth/login', '/api/auth/login', null, { username: 'clerk', password: 'not the password' });
    await checked('POST', '/api/clerk/bodies', '/api/clerk/bodies', admin, { slug: 'Not A Slug' });
  });

  it('staff reads: login, accounts, audit, jobs, media, the clerk console, recordings, invites', async () => {
    await checked('GET', '/api/auth/me', '/api/auth/me', clerk);
    await checked('GET', '/api/admin/accounts', '/api/admin/accounts', admin);
    await checked('GET', '/api/admin/audit', '/api/admin/audit?limit=20', admin);
    await checked('GET', '/api/jobs', '/api/jobs', admin);
    await checked('GET', '/api/media/status', '/api/media/status', admin);
    const { items: bodies } = await checked('GET', '/api/clerk/bodies', '/api/clerk/bodies', clerk);
    await checked('GET', '/api/clerk/bodies/{id}/members', `/api/clerk/bodies/${bodies[0].id}/members`, clerk);
    const list = await checked('GET', '/api/clerk/sessions', `/api/clerk/sessions?body=${bodies[0].slug}`, clerk);
    for (const s of list.items) await checked('GET', '/api/clerk/sessions/{id}', `/api/clerk/sessions/${s.id}`, clerk);
    await checked('GET', '/api/clerk/recordings', `/api/clerk/recordings?body=${bodies[0].slug}`, admin);
    await checked('GET', '/api/sessions/{id}/invites', `/api/sessions/${list.items[0].id}/invites`, clerk);
  });

  it('staff changes: a body, a member, a session with an agenda, a decision with its roll call, an invite, an account', async () => {
    const body = await checked('POST', '/api/clerk/bodies', '/api/clerk/bodies', admin, { slug: 'openapi-council', kind: 'council', name: { hy: 'Ավագանի', en: 'Council', ru: 'Совет' } });
    await checked('PATCH', '/api/clerk/bodies/{id}', `/api/clerk/bodies/${body.id}`, admin, { name: { en: 'Test Council' } });
    const member = await checked('POST', '/api/clerk/bodies/{id}/members', `/api/clerk/bodies/${body.id}/members`, admin, { name: 'Անի Սարգսյան', termStart: '2024-01-01' });
    await checked('PATCH', '/api/clerk/members/{id}', `/api/clerk/members/${member.id}`, admin, { role: 'chair' });
    const session = await checked('POST', '/api/clerk/sessions', '/api/clerk/sessions', admin, { bodyId: body.id, kind: 'council', title: 'Նիստ', startsAt: '2026-12-10T11:00:00+04:00' });
    await checked('PATCH', '/api/clerk/sessions/{id}', `/api/clerk/sessions/${session.id}`, admin, { location: 'Դահլիճ' });
    const a = await checked('POST', '/api/clerk/sessions/{id}/agenda', `/api/clerk/sessions/${session.id}/agenda`, admin, { number: '1', title: 'Բյուջե' });
    const b = await checked('POST', '/api/clerk/sessions/{id}/agenda', `/api/clerk/sessions/${session.id}/agenda`, admin, { number: '2', title: 'Ճանապարհներ' });
    await checked('PUT', '/api/clerk/sessions/{id}/agenda/order', `/api/clerk/sessions/${session.id}/agenda/order`, admin, { ids: [b.id, a.id] });
    await checked('PATCH', '/api/clerk/agenda/{id}', `/api/clerk/agenda/${a.id}`, admin, { presenter: 'Ֆինանսական բաժին' });
    const decision = await checked('POST', '/api/clerk/sessions/{id}/decisions', `/api/clerk/sessions/${session.id}/decisions`, admin, {
      number: '1-Ն',
      title: 'Հաստատում',
      outcome: 'adopted',
      agendaItemId: a.id,
      votes: [{ memberId: member.id, choice: 'for' }],
    });
    await checked('PUT', '/api/clerk/decisions/{id}/votes/{memberId}', `/api/clerk/decisions/${decision.id}/votes/${member.id}`, admin, { choice: 'abstain' });
    await checked('PUT', '/api/clerk/decisions/{id}/votes', `/api/clerk/decisions/${decision.id}/votes`, admin, { votes: [{ memberId: member.id, choice: 'against' }] });
    await checked('PATCH', '/api/clerk/decisions/{id}', `/api/clerk/decisions/${decision.id}`, admin, { outcome: 'rejected' });
    await checked('GET', '/api/clerk/sessions/{id}', `/api/clerk/sessions/${session.id}`, admin);
    const invite = await checked('POST', '/api/sessions/{id}/invites', `/api/sessions/${session.id}/invites`, admin, { label: 'guest', validHours: 2 });
    await checked('DELETE', '/api/invites/{inviteId}', `/api/invites/${invite.id}`, admin);
    await checked('DELETE', '/api/clerk/decisions/{id}', `/api/clerk/decisions/${decision.id}`, admin);
    await checked('DELETE', '/api/clerk/agenda/{id}', `/api/clerk/agenda/${b.id}`, admin);
    await checked('DELETE', '/api/clerk/sessions/{id}', `/api/clerk/sessions/${session.id}`, admin);
    await checked('DELETE', '/api/clerk/members/{id}', `/api/clerk/members/${member.id}`, admin);
    await checked('DELETE', '/api/clerk/bodies/{id}', `/api/clerk/bodies/${body.id}`, admin);

    const account = await checked('POST', '/api/admin/accounts', '/api/admin/accounts', admin, { username: 'openapi-user', password: 'a long enough password', grants: [{ role: 'staff', bodyId: null }] });
    await checked('PATCH', '/api/admin/accounts/{id}', `/api/admin/accounts/${account.id}`, admin, { displayName: 'Լիլիթ' });
    await checked('PUT', '/api/admin/accounts/{id}/roles', `/api/admin/accounts/${account.id}/roles`, admin, { grants: [{ role: 'archivist', bodyId: 1 }] });
    await checked('POST', '/api/admin/accounts/{id}/password', `/api/admin/accounts/${account.id}/password`, admin, { password: 'another long password' });
    await checked('POST', '/api/admin/accounts/{id}/unlock', `/api/admin/accounts/${account.id}/unlock`, admin);
    await checked('POST', '/api/admin/accounts', '/api/admin/accounts', admin, { username: 'openapi-user', password: 'a long enough password' });
  });
});
