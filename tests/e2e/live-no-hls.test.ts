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
// No recorder (ffmpeg missing): the session is on air without a live HLS.
withServerAndBrowser(
  (s, b) => {
    server = s;
    browser = b;
  },
  { env: { FFMPEG_PATH: '/nonexistent/ffmpeg' } },
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
    if (res.body.status === 'live') break;
    if (i > 150) throw new Error('the session did not go on air');
    await sleep(200);
  }
}, 60_000);

afterAll(async () => {
  if (cli && cli.exitCode === null) {
    const exited = new Promise<void>((resolve) => cli!.once('exit', () => resolve()));
    cli.kill('SIGINT');
    await exited;
  }
});

const blockWebrtc = () => {
  const w = window as unknown as { __nistBlockWebrtc: boolean; RTCPeerConnection: typeof RTCPeerConnection };
  w.__nistBlockWebrtc = true;
  const Native = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      if (w.__nistBlockWebrtc) throw new DOMException('WebRTC is blocked by the test', 'NotAllowedError');
      super(config);
    }
  };
};

describe('a live session without live HLS', () => {
  it('says what is wrong when WebRTC brings nothing, and plays real time once WebRTC gets through', async () => {
    const context = await newContext(browser, 'desktop');
    await context.addInitScript(blockWebrtc);
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    const alert = page.locator('.live-mode-problem');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await alert.innerText()).toContain('this session has no delayed stream');
    expect(await page.locator('.live-player').getAttribute('data-live-mode')).toBe('webrtc');
    expect(await page.locator('.live-hls').count()).toBe(0);
    await page.evaluate(() => ((window as unknown as { __nistBlockWebrtc: boolean }).__nistBlockWebrtc = false));
    await expect.poll(() => page.getByTestId('live-stats-reason').getAttribute('data-reason'), { timeout: 30_000 }).toBe('realtime');
    expect(await page.locator('.live-mode-problem').count()).toBe(0);
    await context.close();
  }, 60_000);
});
