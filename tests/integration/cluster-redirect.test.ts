import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../helpers/auth.js';
import { connectResident, health, startCluster, type TestCluster } from '../helpers/cluster.js';
import { generateClip } from '../helpers/fixtures.js';
import { newClientId } from '../helpers/questions.js';
import { addSession, nextEvent, ok, type Client } from '../helpers/signaling.js';
import type { TestServer } from '../helpers/server.js';
import { broadcastFile, sleep } from '../helpers/wait.js';

let cluster: TestCluster;
let clip: string;
const feeds: ChildProcess[] = [];
const sockets: Client[] = [];

beforeAll(async () => {
  [cluster, clip] = await Promise.all([startCluster({ edges: 2 }), generateClip({ seconds: 6, width: 320, height: 180, cameraLike: true })]);
}, 300_000);
afterAll(async () => {
  for (const f of feeds) f.kill('SIGINT');
  for (const s of sockets) s.disconnect();
  await cluster?.stop();
});

type OriginHealth = { cluster: { edges: { id: string; url: string; viewers: number }[] } };
const edgesOfOrigin = async () => (await health<OriginHealth>(cluster.origin)).cluster.edges;

const page = (server: Pick<TestServer, 'url'>, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers });

async function until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// Up to five processes (origin, edges, Redis, a broadcast) on a machine other tests share: minutes, not seconds.
describe("residents' session pages on an origin with edges", { timeout: 180_000 }, () => {
  it("sends a resident's session page to an edge, keeping the query; not staff, ?origin=1, the API or other pages", async () => {
    const sessionId = addSession(cluster.origin);
    const edgeUrls = (await edgesOfOrigin()).map((e) => e.url.replace(/\/+$/, ''));
    expect(edgeUrls).toHaveLength(2);

    const res = await page(cluster.origin, `/sessions/${sessionId}?lang=en&t=5`);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(edgeUrls).toContain(location.origin);
    expect(location.pathname + location.search).toBe(`/sessions/${sessionId}?lang=en&t=5`);
    // The edge serves that page, naming the origin to come back to when it dies.
    const onEdge = await fetch(location);
    expect(onEdge.status).toBe(200);
    expect(await onEdge.text()).toMatch(/<meta name="nist-origin" content="http:\/\/[^"]+">/);
    // The embed page goes the same way.
    expect((await page(cluster.origin, `/embed/${sessionId}`)).status).toBe(302);

    const staff = await login(cluster.origin, 'moderator');
    for (const stays of [
      await page(cluster.origin, `/sessions/${sessionId}`, { cookie: staff.cookie }),
      await page(cluster.origin, `/sessions/${sessionId}?lang=en&origin=1`),
      await page(cluster.origin, '/'),
      await page(cluster.origin, `/api/sessions/${sessionId}`),
    ]) {
      expect(stays.status).toBe(200);
      expect(stays.headers.get('location')).toBeNull();
    }
  });

  it('sends residents to the edge with fewer viewers', async () => {
    const sessionId = addSession(cluster.origin);
    const watcher = await connectResident(cluster.origin.url);
    sockets.push(watcher);
    await ok(watcher, 'session:watch', { sessionId });
    const live = nextEvent(watcher, 'session:live');
    feeds.push(broadcastFile(cluster.origin, sessionId, clip));
    await live;
    // Two viewers on the first edge; the origin hears of them with the edge's next heartbeat.
    const [busy, idle] = cluster.edges as [TestServer, TestServer];
    for (let i = 0; i < 2; i++) {
      const resident = await connectResident(busy.url, { clientId: newClientId() });
      sockets.push(resident);
      await ok(resident, 'session:watch', { sessionId });
      await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    }
    const busyNode = (await health(busy)).node;
    await until('the origin to see the viewers', async () => (await edgesOfOrigin()).find((e) => e.id === busyNode)?.viewers === 2);
    const idleUrl = (await edgesOfOrigin()).find((e) => e.id !== busyNode)!.url.replace(/\/+$/, '');
    expect(idleUrl).toContain(String(idle.port));
    for (let i = 0; i < 3; i++) {
      const res = await page(cluster.origin, `/sessions/${sessionId}`);
      expect(res.status).toBe(302);
      expect(new URL(res.headers.get('location')!).origin).toBe(idleUrl);
    }
  });
});

describe('an origin with REDIS_URL and no edge', { timeout: 180_000 }, () => {
  it('serves the session page itself', async () => {
    const alone = await startCluster({ edges: 0 });
    try {
      const res = await page(alone.origin, `/sessions/${addSession(alone.origin)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
    } finally {
      await alone.stop();
    }
  });
});
