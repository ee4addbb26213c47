import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../helpers/auth.js';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { broadcastFile, sleep } from '../helpers/wait.js';

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
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-capacity-')), 'council.mp4');
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  sessionId = addSession(server);
  cli = broadcastFile(server, sessionId, file);
  for (let i = 0; ; i += 1) {
    const res = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    if (res.body.status === 'live' && res.body.recording?.status === 'recording') break;
    if (i > 150) throw new Error('the session did not go on air with a recording');
    await sleep(200);
  }
  await sleep(4000); // a first segment in the live playlist
}, 60_000);

afterAll(async () => {
  if (cli && cli.exitCode === null) {
    const exited = new Promise<void>((resolve) => cli!.once('exit', () => resolve()));
    cli.kill('SIGINT');
    await exited;
  }
});

describe('LIVE_MAX_WEBRTC_VIEWERS', () => {
  it('sends a resident past the limit straight to the live HLS, saying why, with no real-time switch', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const opened = Date.now();
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await expect.poll(() => page.locator('.live-player').getAttribute('data-live-mode'), { timeout: 10_000 }).toBe('hls');
    const ms = Date.now() - opened;
    console.log(`capacity: page open to HLS ${ms} ms`);
    expect(ms).toBeLessThan(5000); // not the 5 s no-frame wait
    expect(await page.getByTestId('live-stats-reason').getAttribute('data-reason')).toBe('capacity');
    await expect.poll(() => page.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.currentTime > 0), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('button', { name: 'Switch to real time' }).count()).toBe(0);
    await context.close();
  }, 60_000);
});
