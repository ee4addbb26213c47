import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import { liveMode, liveReason, putOnAir, takeOffAir } from '../helpers/live-scenario.js';
import type { TestServer } from '../helpers/server.js';
import { sleep } from '../helpers/wait.js';

let server: TestServer;
let browser: Browser;
// No WebRTC viewer at all: every resident is past the limit.
withServerAndBrowser(
  (s, b) => {
    server = s;
    browser = b;
  },
  { env: { LIVE_MAX_WEBRTC_VIEWERS: '0' } },
);

let sessionId: number;
let cli: ChildProcess | undefined;

beforeAll(async () => {
  ({ sessionId, cli } = await putOnAir(server, { recording: true }));
  await sleep(4000); // a first segment in the live playlist
}, 60_000);

afterAll(() => takeOffAir(cli));

describe('LIVE_MAX_WEBRTC_VIEWERS', () => {
  it('sends a resident past the limit straight to the live HLS, saying why, with no real-time switch', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await expect.poll(() => liveMode(page), { timeout: 10_000 }).toBe('hls');
    const ms = Date.now() - opened;
    console.log(`capacity: page open to HLS ${ms} ms`);
    expect(ms).toBeLessThan(5000); // not the 5 s no-frame wait
    expect(await liveReason(page)).toBe('capacity');
    await expect.poll(() => page.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.currentTime > 0), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Switch to real time' }).count()).toBe(0);
    await context.close();
  }, 60_000);
});
