import { describe, expect, it } from 'vitest';
import { login } from '../helpers/auth.js';
import { connectResident, health, startCluster, withClusterAndClip } from '../helpers/cluster.js';
import { newClientId } from '../helpers/questions.js';
import { addSession, nextEvent, ok } from '../helpers/signaling.js';
import type { TestServer } from '../helpers/server.js';
import { broadcastFile, sleep, waitForAsync } from '../helpers/wait.js';

const file = withClusterAndClip();
const { feeds, sockets } = file;

type OriginHealth = { cluster: { edges: { id: string; url: string; viewers: number }[] } };
const edgesOfOrigin = async () => (await health<OriginHealth>(file.cluster.origin)).cluster.edges;

const page = (server: Pick<TestServer, 'url'>, path: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers });

// Up to five processes (origin, edges, Redis, a broadcast) on a machine other tests share: minutes, not seconds.
describe("residents' session pages on an origin with edges", { timeout: 180_000 }, () => {
  it("sends a resident's session page to an edge, keeping the query; not staff, ?origin=1, the API or other pages", async () => {
    const sessionId = addSession(file.cluster.origin);
    const edgeUrls = (await edgesOfOrigin()).map((e) => e.url.replace(/\/+$/, ''));
    expect(edgeUrls).toHaveLength(2);

    const res = await page(file.cluster.origin, `/sessions/${sessionId}?lang=en&t=5`);
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
    expect((await page(file.cluster.origin, `/embed/${sessionId}`)).status).toBe(302);

    const staff = await login(file.cluster.origin, 'moderator');
    for (const stays of [
      await page(file.cluster.origin, `/sessions/${sessionId}`, { cookie: staff.cookie }),
      await page(file.cluster.origin, `/sessions/${sessionId}?lang=en&origin=1`),
      await page(file.cluster.origin, '/'),
      await page(file.cluster.origin, `/api/sessions/${sessionId}`),
    ]) {
      expect(stays.status).toBe(200);
      expect(stays.headers.get('location')).toBeNull();
    }
  });

  it('sends residents to the edge with fewer viewers', async () => {
    const sessionId = addSession(file.cluster.origin);
    const watcher = await connectResident(file.cluster.origin.url);
    sockets.push(watcher);
    await ok(watcher, 'session:watch', { sessionId });
    const live = nextEvent(watcher, 'session:live');
    feeds.push(broadcastFile(file.cluster.origin, sessionId, file.clip));
    await live;
    // Two viewers on the first edge; the origin hears of them with the edge's next heartbeat.
    const [busy, idle] = file.cluster.edges as [TestServer, TestServer];
    for (let i = 0; i < 2; i++) {
      const resident = await connectResident(busy.url, { clientId: newClientId() });
      sockets.push(resident);
      await ok(resident, 'session:watch', { sessionId });
      await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    }
    const busyNode = (await health(busy)).node;
    await waitForAsync('the origin to see the viewers', async () => (await edgesOfOrigin()).find((e) => e.id === busyNode)?.viewers === 2);
    const idleUrl = (await edgesOfOrigin()).find((e) => e.id !== busyNode)!.url.replace(/\/+$/, '');
    expect(idleUrl).toContain(String(idle.port));
    for (let i = 0; i < 3; i++) {
      const res = await page(file.cluster.origin, `/sessions/${sessionId}`);
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
