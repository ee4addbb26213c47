import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { connectResident, health, namespaceRefusal, startCluster, type TestCluster } from '../helpers/cluster.js';
import { ask, connectBrowser, feedEvent, newClientId } from '../helpers/questions.js';
import { freePortRange } from '../helpers/ports.js';
import { runServerExpectingExit } from '../helpers/server.js';
import { addSession, nextEvent, ok, request, type Client } from '../helpers/signaling.js';

let cluster: TestCluster;
let moderator: Login;
const sockets: Client[] = [];
/** Staff on the origin: every namespace. */
const openStaff = async (url: string, auth: Login) => {
  const s = await connectBrowser(url, { auth });
  sockets.push(s);
  return s;
};
/** A resident's page on an edge: the residents' namespaces. */
const open = async (url: string, options: { clientId?: string; headers?: Record<string, string> } = {}) => {
  const s = await connectResident(url, options);
  sockets.push(s);
  return s;
};

/**
 * The origin's public address: edges send staff there, not to ORIGIN_URL (the origin as edges reach it, often a
 * private address). Only links and redirects use it; the tests reach the origin at its own URL.
 */
const publicUrl = 'https://nist.example.test';

beforeAll(async () => {
  cluster = await startCluster({ edges: 2, origin: { env: { PUBLIC_URL: publicUrl } } });
  moderator = await login(cluster.origin, 'moderator');
}, 300_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await cluster?.stop();
});

// Up to five processes (origin, edges, Redis, a broadcast) on a machine other tests share: minutes, not seconds.
describe('a cluster: one origin and two edges on one Redis', { timeout: 180_000 }, () => {
  it('says on /api/health what each node is, and the origin lists its edges', async () => {
    const [o, e1, e2] = await Promise.all([health<any>(cluster.origin), health(cluster.edges[0]!), health(cluster.edges[1]!)]);
    expect(o).toMatchObject({ ok: true, role: 'origin', cluster: { redis: { ok: true } } });
    expect(o.cluster.edges.map((e: { id: string }) => e.id).sort()).toEqual([e1.node, e2.node].sort());
    for (const e of [e1, e2]) expect(e).toMatchObject({ ok: true, role: 'edge', origin: cluster.origin.url, connected: true, pulls: [] });
  });

  it('sends a question asked through one edge and approved on the origin to residents on both edges', async () => {
    const sessionId = addSession(cluster.origin, { status: 'scheduled' });
    const askerId = newClientId();
    const [m, onEdge1, onEdge2] = await Promise.all([
      openStaff(cluster.origin.url, moderator),
      open(cluster.edges[0]!.url, { clientId: askerId }),
      open(cluster.edges[1]!.url, { clientId: newClientId() }),
    ]);
    await ok(m, 'moderation:subscribe', { sessionId });
    for (const r of [onEdge1, onEdge2]) expect(await ok(r, 'questions:subscribe', { sessionId })).toEqual({ items: [], voted: [] });

    const text = 'When will the school on Abovyan street be repaired?';
    const queued = nextEvent(m, 'moderation:queued', (q) => q.text === text);
    // Asked through the edge: the edge forwards the POST to the origin (it has no database).
    const res = await ask(cluster.edges[0]!, sessionId, { text }, askerId);
    expect(res.status).toBe(201);
    const question = await queued;

    const reached = [feedEvent(onEdge1, 'question:approved'), feedEvent(onEdge2, 'question:approved')];
    const fate = nextEvent(onEdge1, 'question:fate', (e) => e.status === 'approved');
    await ok(m, 'moderation:approve', { questionId: question.id, expectedVersion: question.version });
    for (const got of await Promise.all(reached)) expect(got).toMatchObject({ id: question.id, text, sessionId });
    expect(await fate).toMatchObject({ id: question.id, status: 'approved' });

    // A vote on the other edge counts on the origin, and every resident hears the new count.
    const updated = feedEvent(onEdge1, 'question:updated', (q) => q.votes === 1);
    expect(await ok(onEdge2, 'questions:vote', { questionId: question.id })).toEqual({ questionId: question.id, votes: 1 });
    expect((await updated).votes).toBe(1);
  });

  it('sends an agenda item marked on the origin to residents following the session on both edges', async () => {
    // Marking the agenda needs a live session; its media does not matter here.
    const sessionId = addSession(cluster.origin, { status: 'live' });
    const clerk = await login(cluster.origin, 'clerk');
    const item = await call(cluster.origin.url, clerk, 'POST', `/api/clerk/sessions/${sessionId}/agenda`, { number: '1', title: 'Բյուջեի կատարողական' });
    expect(item.status).toBe(201);
    const [desk, onEdge1, onEdge2] = await Promise.all([openStaff(cluster.origin.url, clerk), open(cluster.edges[0]!.url), open(cluster.edges[1]!.url)]);
    for (const r of [onEdge1, onEdge2]) expect(await ok(r, 'civic:follow', { sessionId })).toEqual({ sessionId });
    const seen = [nextEvent(onEdge1, 'agenda:activated'), nextEvent(onEdge2, 'agenda:activated')];
    const marked = await ok(desk, 'agenda:activate', { sessionId, agendaItemId: (item.body as { id: number }).id });
    for (const got of await Promise.all(seen)) expect(got).toEqual(marked);
  });

  it("sends staff to the origin's public address: pages and logins redirect, moderation and staff namespaces refuse", async () => {
    const edge = cluster.edges[0]!;
    for (const page of ['/console', '/console/sessions', '/studio/1', '/meet/2']) {
      const res = await fetch(`${edge.url}${page}`, { redirect: 'manual' });
      expect(res.status, page).toBe(302);
      expect(res.headers.get('location')).toBe(`${publicUrl}${page}`);
    }
    const loginRes = await fetch(`${edge.url}/api/auth/login`, { method: 'POST', redirect: 'manual', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(loginRes.status).toBe(307);
    expect(loginRes.headers.get('location')).toBe(`${publicUrl}/api/auth/login`);

    for (const ns of ['/jobs', '/alarms']) expect(await namespaceRefusal(edge.url, ns), ns).toMatch(/origin server/);
    expect(await namespaceRefusal(edge.url, '/questions')).toBeNull();
    const resident = await open(edge.url, { clientId: newClientId() });
    const refused = await request(resident, 'moderation:approve', { questionId: 1, expectedVersion: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused.ok || refused.error.message).toContain(cluster.origin.url);
  });

  it('forwards public reads to the origin with the resident address, and answers bad input as the origin does', async () => {
    const edge = cluster.edges[1]!;
    const direct = await (await fetch(`${cluster.origin.url}/api/sessions`)).json();
    const viaEdge = await fetch(`${edge.url}/api/sessions`);
    expect(viaEdge.status).toBe(200);
    expect(await viaEdge.json()).toEqual(direct);
    const bad = await fetch(`${edge.url}/api/sessions/abc`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation_failed');
  });

  it('limits two residents behind one edge apart: each keeps the address nginx in front of the edge forwarded', async () => {
    const sessionId = addSession(cluster.origin, { status: 'scheduled' });
    const edge = cluster.edges[0]!;
    // As from nginx on the edge's host (loopback, which the edge's TRUST_PROXY believes by default); the origin
    // believes the edge (loopback too), so each question counts against its resident's own address.
    const from = (address: string, n: number) =>
      fetch(`${edge.url}/api/sessions/${sessionId}/questions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nist-client': newClientId(), 'x-forwarded-for': address },
        body: JSON.stringify({ text: `Question ${n} from ${address}: ${newClientId()} ${newClientId()}?` }),
      });
    const statuses: number[] = [];
    // QUESTIONS_PER_ADDRESS_PER_MINUTE is 10 (the product's): the 11th from one address is refused.
    for (let i = 0; i < 11; i++) statuses.push((await from('198.51.100.7', i)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
    expect((await from('198.51.100.8', 0)).status).toBe(201);
  });

  it('refuses to start an edge without its origin or Redis, and an origin whose Redis does not answer', async () => {
    const alone = await runServerExpectingExit({ NIST_ROLE: 'edge' });
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/ORIGIN_URL=\(unset\): expected the origin's URL/);
    expect(alone.stderr).toMatch(/REDIS_URL=\(unset\): expected a Redis URL/);
    const nobody = await freePortRange(1);
    const noRedis = await runServerExpectingExit({ REDIS_URL: `redis://127.0.0.1:${nobody}` });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toContain(`Redis at REDIS_URL (redis://127.0.0.1:${nobody}) did not answer`);
  });
});
