import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/harness.js';
import { blockWebrtc, liveMode, liveReason, openLivePage, putOnAir, takeOffAir, unblockWebrtc } from '../helpers/live-scenario.js';
import type { TestServer } from '../helpers/server.js';

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
  ({ sessionId, cli } = await putOnAir(server));
}, 60_000);

afterAll(() => takeOffAir(cli));

describe('a live session without live HLS', () => {
  it('says what is wrong when WebRTC brings nothing, and plays real time once WebRTC gets through', async () => {
    const page = await openLivePage(browser, server, sessionId, { initScript: blockWebrtc });
    const alert = page.locator('.live-mode-problem');
    await alert.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await alert.innerText()).toContain('this session has no delayed stream');
    expect(await liveMode(page)).toBe('webrtc');
    expect(await page.locator('.live-hls').count()).toBe(0);
    await unblockWebrtc(page);
    await expect.poll(() => liveReason(page), { timeout: 30_000 }).toBe('realtime');
    expect(await page.locator('.live-mode-problem').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
