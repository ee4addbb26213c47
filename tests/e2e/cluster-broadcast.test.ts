import type { ChildProcess } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from '../helpers/browser.js';
import { health, startCluster, type TestCluster } from '../helpers/cluster.js';
import { generateClip } from '../helpers/fixtures.js';
import { addSession } from '../helpers/signaling.js';
import { broadcastFile } from '../helpers/wait.js';
import { inbound, trackPeerConnections } from '../helpers/webrtc.js';

let cluster: TestCluster;
let browser: Browser;
let feed: ChildProcess | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startCluster({ edges: 2 }), launchChromium()]);
}, 300_000);
afterAll(async () => {
  feed?.kill('SIGINT');
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await cluster?.stop();
});

async function residentOn(url: string, sessionId: number): Promise<Page> {
  const context = await newContext(browser, 'desktop');
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${url}/sessions/${sessionId}?lang=en`);
  return page;
}

/** Video frames decoded keep growing, and audio packets arrive. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before + 10);
  await expect.poll(async () => (await inbound(page)).audioPackets, { timeout: 10_000 }).toBeGreaterThan(20);
}

// Up to five processes (origin, edges, Redis, a broadcast) on a machine other tests share: minutes, not seconds.
describe('a broadcast on the origin, residents on two edges (Chromium)', { timeout: 180_000 }, () => {
  it('plays the origin broadcast to a resident on each edge, over each edge’s own WebRTC', async () => {
    const clip = await generateClip({ seconds: 6, width: 320, height: 180, cameraLike: true });
    const sessionId = addSession(cluster.origin);
    const pages = await Promise.all(cluster.edges.map((edge) => residentOn(edge.url, sessionId)));
    // Waiting for the session: the edges pull nothing yet.
    for (const edge of cluster.edges) expect((await health(edge)).pulls).toEqual([]);
    feed = broadcastFile(cluster.origin, sessionId, clip);
    for (const page of pages) await expectPlaying(page);
    for (const edge of cluster.edges) {
      const h = await health(edge);
      expect(h.viewers).toBe(1);
      expect(h.pulls).toEqual([expect.objectContaining({ sessionId, producers: 2 })]);
    }
    // Each page's media comes from its edge, not the origin: the origin has no WebRTC viewer of its own.
    const origin = await health<{ cluster: { pipes: number; edges: { viewers: number }[] } }>(cluster.origin);
    expect(origin.cluster.pipes).toBe(2);
    expect(origin.cluster.edges.map((e) => e.viewers)).toEqual([1, 1]);
  });
});
