import type { ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startCluster, type TestCluster } from '../helpers/cluster.js';
import { generateClip } from '../helpers/fixtures.js';
import { addSession } from '../helpers/signaling.js';
import { broadcastFile } from '../helpers/wait.js';
import { inbound, trackPeerConnections } from '../helpers/webrtc.js';

let cluster: TestCluster;
let browser: Browser;
let feed: ChildProcess | undefined;

beforeAll(async () => {
  [cluster, browser] = await Promise.all([startCluster({ edges: 2 }), launchChromium()]);
}, 300_000);
afterAll(async () => {
  feed?.kill('SIGINT');
  await browser?.close();
  await cluster?.stop();
});

/** Video frames decoded keep growing on the page as it is now. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 60_000 }).toBeGreaterThan(10);
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(before + 10);
}

// Up to five processes (origin, edges, Redis, a broadcast) and a browser on a shared machine: minutes.
describe('a resident on an edge that is killed (Chromium)', { timeout: 240_000 }, () => {
  it('lands on an edge from the origin, and after SIGKILL of that edge plays again from another node', async () => {
    const clip = await generateClip({ seconds: 6, width: 320, height: 180, cameraLike: true });
    const sessionId = addSession(cluster.origin);
    feed = broadcastFile(cluster.origin, sessionId, clip);
    const context = await newContext(browser, 'desktop');
    await trackPeerConnections(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`${cluster.origin.url}/sessions/${sessionId}?lang=en`);

    const first = cluster.edges.find((e) => new URL(page.url()).port === String(e.port));
    expect(first, `the page is on an edge, not ${page.url()}`).toBeDefined();
    await expectPlaying(page);

    await first!.stop('SIGKILL');
    // The page goes back to the origin, which sends it to the edge still alive (or keeps it).
    const others = [cluster.origin, ...cluster.edges.filter((e) => e !== first)].map((s) => String(s.port));
    await page.waitForURL((url) => others.includes(url.port), { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe(`/sessions/${sessionId}`);
    await expectPlaying(page);
  });
});
