import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { openApiChecker } from '../helpers/openapi.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

/**
 * The open-data API (/api/open) on the demo data with the product's defaults: every reply validated against
 * the JSON Schemas of docs/openapi.yaml by ajv, only public sessions in it, ids that stay put, paging, CSV.
 */
let server: TestServer;
let admin: Login;
let checked: Awaited<ReturnType<typeof openApiChecker>>;
/** A council with a private session holding a decision and a roll call: none of it may appear. */
let hidden: { bodySlug: string; sessionId: number; decisionTitle: string };

beforeAll(async () => {
  server = await startServer();
  [checked, admin] = await Promise.all([openApiChecker(server.url), login(server, 'admin')]);
  const body = (await call(server.url, admin, 'POST', '/api/clerk/bodies', { slug: 'open-data-council', kind: 'council', name: { hy: 'Բաց ավագանի', en: 'Open council', ru: 'Открытый совет' } })).body;
  const member = (await call(server.url, admin, 'POST', `/api/clerk/bodies/${body.id}/members`, { name: 'Արամ Պետրոսյան', termStart: '2024-01-01' })).body;
  const session = (await call(server.url, admin, 'POST', '/api/clerk/sessions', { bodyId: body.id, kind: 'council', title: 'Փակ նիստ', startsAt: '2026-11-10T11:00:00+04:00', visibility: 'private' })).body;
  const decisionTitle = 'Գաղտնի որոշում, "չակերտներով", ստորակետով';
  const decision = await call(server.url, admin, 'POST', `/api/clerk/sessions/${session.id}/decisions`, { number: '9-Ն', title: decisionTitle, outcome: 'adopted', votes: [{ memberId: member.id, choice: 'for' }] });
  expect(decision.status).toBe(201);
  hidden = { bodySlug: body.slug, sessionId: session.id, decisionTitle };
});
afterAll(async () => {
  await server?.stop();
});

/** Every page of a collection, following `pagination`. */
async function all(path: string, perPage = 7): Promise<any[]> {
  const results: any[] = [];
  for (let page = 1; ; page++) {
    const body = await checked('GET', path, `${path}?page=${page}&per_page=${perPage}`, null);
    results.push(...body.results);
    expect(body.pagination.page).toBe(page);
    if (page >= body.pagination.max_page) {
      expect(results.length).toBe(body.pagination.total_items);
      return results;
    }
  }
}

describe('the open-data API', () => {
  it('answers every collection and item in the documented Open Civic Data shapes', async () => {
    const index = await checked('GET', '/api/open', '/api/open', null);
    expect(index.events).toMatch(/\/api\/open\/events$/);
    const orgs = await all('/api/open/organizations');
    expect(orgs.length).toBeGreaterThan(1);
    const people = await all('/api/open/people');
    expect(people.length).toBeGreaterThan(0);
    const events = await all('/api/open/events', 3);
    const bills = await all('/api/open/bills', 3);
    const votes = await all('/api/open/votes', 2);
    expect(bills.length).toBeGreaterThan(0);
    expect(votes.length).toBeGreaterThan(0);
    for (const e of events) expect(await checked('GET', '/api/open/events/{id}', `/api/open/events/${encodeURIComponent(e.id)}`, null)).toEqual(e);
    for (const b of bills) expect(await checked('GET', '/api/open/bills/{id}', `/api/open/bills/${b.id.split('/')[1]}`, null)).toEqual(b);
    for (const v of votes) {
      expect(await checked('GET', '/api/open/votes/{id}', `/api/open/votes/${encodeURIComponent(v.id)}`, null)).toEqual(v);
      expect(v.counts.reduce((n: number, c: { value: number }) => n + c.value, 0)).toBe(v.votes.length);
      expect(bills.map((b) => b.id)).toContain(v.bill.id);
      for (const ballot of v.votes) expect(people.map((p) => p.id)).toContain(ballot.voter_id);
    }
  });

  it('holds exactly the public sessions, and nothing of a private one', async () => {
    const events = await all('/api/open/events', 50);
    const { total } = (await call(server.url, null, 'GET', '/api/sessions?pageSize=1')).body;
    expect(events.length).toBe(total);
    const everything = JSON.stringify([events, await all('/api/open/bills', 50), await all('/api/open/votes', 50)]);
    expect(everything).not.toContain('Փակ նիստ');
    expect(everything).not.toContain(hidden.decisionTitle);
    expect((await call(server.url, null, 'GET', `/api/open/events?organization=${hidden.bodySlug}`)).body.results).toEqual([]);
    expect(await call(server.url, null, 'GET', `/api/open/bills.csv?organization=${hidden.bodySlug}`).then((r) => r.body.trim())).not.toContain('9-Ն');
  });

  it("links each agenda item to the recording at its chapter's second, as the session page does", async () => {
    // The demo recording is made in the job queue after start.
    const { endedSessionId } = demoIds(server);
    await expect.poll(async () => (await call(server.url, null, 'GET', `/api/sessions/${endedSessionId}`)).body.recording?.status, { timeout: 90_000, interval: 500 }).toBe('ready');
    const events = await all('/api/open/events', 50);
    const recorded = events.filter((e) => e.media.length > 0);
    expect(recorded.length).toBeGreaterThan(0);
    let offsets = 0;
    for (const e of recorded) {
      const sessionId = Number(e.sources[0].url.split('/').pop());
      const page = (await call(server.url, null, 'GET', `/api/sessions/${sessionId}`)).body;
      expect(e.media[0].links[0].url).toBe(`${server.url}${page.recording.hlsUrl}`);
      for (const [i, item] of e.agenda.entries()) {
        expect(item.description).toBe(page.agenda[i].title);
        const start = page.agenda[i].startSec;
        expect(item.media.map((m: { offset: number }) => m.offset)).toEqual(start === null ? [] : [start]);
        if (start !== null) offsets++;
      }
    }
    expect(offsets).toBeGreaterThan(0);
  });

  it('keeps the same ids from one request to the next, and filters by body and date', async () => {
    const first = await all('/api/open/events', 50);
    const again = await all('/api/open/events', 50);
    expect(again.map((e) => e.id)).toEqual(first.map((e) => e.id));
    expect(new Set(first.map((e) => e.id)).size).toBe(first.length);
    const org = (await all('/api/open/organizations')).find((o) => o.classification === 'legislature');
    const slug = org.identifiers[0].identifier;
    const bySlug = (await call(server.url, null, 'GET', `/api/open/events?organization=${slug}&per_page=100`)).body.results;
    const byId = (await call(server.url, null, 'GET', `/api/open/events?organization=${encodeURIComponent(org.id)}&per_page=100`)).body.results;
    expect(bySlug.length).toBeGreaterThan(0);
    expect(byId).toEqual(bySlug);
    for (const e of bySlug) expect(e.participants[0].entity_id).toBe(org.id);
    const day = first[0].start_date.slice(0, 10);
    const onDay = (await call(server.url, null, 'GET', `/api/open/events?from=${day}&to=${day}&per_page=100`)).body.results;
    expect(onDay.map((e: { id: string }) => e.id)).toContain(first[0].id);
    for (const e of onDay) expect(e.start_date.slice(0, 10)).toBe(day);
  });

  it('gives bills and votes as CSV that a spreadsheet reads: BOM, header, quoting, one row per ballot', async () => {
    const votes = await all('/api/open/votes', 50);
    const res = await fetch(`${server.url}/api/open/votes.csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const text = await res.text();
    const bytes = new Uint8Array(await (await fetch(`${server.url}/api/open/votes.csv`)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('vote_event_id,bill_id,identifier,title,result,event_id,date,voter_id,voter_name,option');
    expect(lines.length - 1).toBe(votes.reduce((n, v) => n + v.votes.length, 0));
    const bills = (await (await fetch(`${server.url}/api/open/bills.csv`)).text()).split('\r\n').filter(Boolean);
    expect(bills.length - 1).toBe((await all('/api/open/bills', 50)).length);
    expect(bills.slice(1).every((l) => l.startsWith('ocd-bill/'))).toBe(true);
  });

  it('refuses bad queries with the fields named, and unknown ids with 404', async () => {
    const tooMany = await checked('GET', '/api/open/events', '/api/open/events?per_page=1000', null);
    expect(tooMany.error.code).toBe('validation_failed');
    expect(tooMany.error.issues[0].path).toBe('per_page');
    const unknown = await checked('GET', '/api/open/bills', '/api/open/bills?colour=red', null);
    expect(unknown.error.code).toBe('validation_failed');
    const badDate = await checked('GET', '/api/open/votes', '/api/open/votes?from=yesterday', null);
    expect(badDate.error.issues[0].path).toBe('from');
    expect((await checked('GET', '/api/open/events/{id}', '/api/open/events/not-an-id', null)).error.code).toBe('validation_failed');
    expect((await checked('GET', '/api/open/events/{id}', '/api/open/events/00000000-0000-4000-8000-000000000000', null)).error.code).toBe('not_found');
    const health = await call(server.url, null, 'GET', '/api/health');
    expect(health.status).toBe(200);
  });
});
