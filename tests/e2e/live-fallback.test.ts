import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, connect, ok, type Client } from '../helpers/signaling.js';
import { broadcastFile, sleep } from '../helpers/wait.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

let sessionId: number;
let cli: ChildProcess | undefined;
let clerkSocket: Client | undefined;
const shots = '/tmp/shots-fallback';

/** A short H.264 + AAC clip the CLI loops (copied, no transcode: keeps the two cores free). */
async function clip(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-fallback-')), 'council.mp4');
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  return file;
}

/**
 * WebRTC blocked for the page while `window.__nistBlockWebrtc` is true: every new RTCPeerConnection throws
 * (as a browser policy or extension denying it would), so no transport comes up. Clearing the flag lets the
 * page's next retry through.
 */
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

async function openBlocked(viewport: 'phone' | 'desktop', lang: 'en' | 'hy'): Promise<Page> {
  const context = await newContext(browser, viewport);
  await context.addInitScript(blockWebrtc);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
  return page;
}

/** The HLS picture is on screen and moving; returns when it first had a picture (Date.now()). */
async function expectHlsPlaying(page: Page, timeout: number): Promise<number> {
  await expect.poll(() => page.locator('.live-player').getAttribute('data-live-mode'), { timeout }).toBe('hls');
  const hlsVideo = page.locator('.live-hls video');
  await expect.poll(() => hlsVideo.evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.currentTime > 0), { timeout }).toBe(true);
  const shown = Date.now();
  const t0 = await hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime);
  await expect.poll(() => hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(t0 + 0.5);
  return shown;
}

beforeAll(async () => {
  const clerk = await login(server, 'clerk');
  sessionId = addSession(server);
  const items = [];
  for (const [i, title] of ['Opening', 'Budget report'].entries()) {
    items.push((await call(server.url, clerk, 'POST', `/api/clerk/sessions/${sessionId}/agenda`, { number: String(i + 1), title })).body as { id: number });
  }
  cli = broadcastFile(server, sessionId, await clip());
  // On air and recording: the live HLS exists.
  for (let i = 0; ; i += 1) {
    const res = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    if (res.body.status === 'live' && res.body.recording?.status === 'recording') break;
    if (i > 150) {
      throw new Error(`the session did not go on air with a recording: ${JSON.stringify({ status: res.body.status, recording: res.body.recording })}; ${server.logs.filter((l) => Number(l.level) >= 40).map((l) => l.msg).join(' | ')}`);
    }
    await sleep(200);
  }
  clerkSocket = await connect(server.url, clerk);
  await sleep(2000);
  await ok(clerkSocket, 'agenda:activate', { sessionId, agendaItemId: items[0]!.id });
  await sleep(10_000);
  await ok(clerkSocket, 'agenda:activate', { sessionId, agendaItemId: items[1]!.id });
}, 90_000);

afterAll(async () => {
  clerkSocket?.disconnect();
  if (cli && cli.exitCode === null) {
    const exited = new Promise<void>((resolve) => cli!.once('exit', () => resolve()));
    cli.kill('SIGINT');
    const timer = setTimeout(() => cli!.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
});

describe('one live player, two latencies', () => {
  it('plays the live HLS within 10 s when WebRTC is blocked, seeks back to a chapter, and returns to real time keeping volume and mute', async () => {
    const opened = Date.now();
    const page = await openBlocked('desktop', 'en');
    const toHlsMs = (await expectHlsPlaying(page, 10_000)) - opened;
    console.log(`fallback: page open to HLS picture ${toHlsMs} ms`);
    expect(toHlsMs).toBeLessThan(10_000);
    await expect.poll(() => page.getByTestId('live-mode-label').innerText(), { timeout: 10_000 }).toMatch(/^Standard delay, about \d+ s$/);
    expect(await page.getByTestId('live-stats-reason').getAttribute('data-reason')).toBe('no-frame');

    // Live DVR: the chapter markers of the session so far, and a seek back to the first one.
    const first = page.getByRole('button', { name: /Opening/ });
    await first.waitFor({ state: 'visible', timeout: 10_000 });
    const hlsVideo = page.locator('.live-hls video');
    const liveAt = await hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime);
    await first.click();
    const chapterAt = await page.evaluate(async (id) => {
      const vtt = await (await fetch(`/recordings/${id}/chapters.vtt`)).text();
      const m = /(\d+):(\d+):(\d+\.\d+) -->/.exec(vtt) ?? /(\d+):(\d+\.\d+) -->/.exec(vtt);
      if (!m) return null;
      return m.length === 4 ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number(m[1]) * 60 + Number(m[2]);
    }, sessionId);
    expect(chapterAt).not.toBeNull();
    await expect.poll(() => hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeLessThan(liveAt - 5);
    const seeked = await hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime);
    expect(Math.abs(seeked - chapterAt!)).toBeLessThan(3);
    await expect.poll(() => hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(seeked + 0.5);
    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => hlsVideo.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeGreaterThan(liveAt);

    // Volume and mute set on the HLS player carry over to real time.
    await hlsVideo.evaluate((v: HTMLVideoElement) => {
      v.volume = 0.3;
      v.muted = true;
    });

    // WebRTC is back: the page returns to real time by itself.
    const unblocked = Date.now();
    await page.evaluate(() => ((window as unknown as { __nistBlockWebrtc: boolean }).__nistBlockWebrtc = false));
    await expect.poll(() => page.locator('.live-player').getAttribute('data-live-mode'), { timeout: 30_000 }).toBe('webrtc');
    console.log(`fallback: WebRTC unblocked to real time ${Date.now() - unblocked} ms`);
    expect(await page.getByTestId('live-mode-label').innerText()).toBe('Real time');
    expect(await page.getByTestId('live-stats-reason').getAttribute('data-reason')).toBe('realtime');
    const rtc = page.locator('.live-video');
    // The swap happened once the WebRTC video had a picture: no gap.
    expect(await rtc.evaluate((v: HTMLVideoElement) => v.videoWidth > 0)).toBe(true);
    expect(await rtc.evaluate((v: HTMLVideoElement) => ({ volume: Math.round(v.volume * 10) / 10, muted: v.muted }))).toEqual({ volume: 0.3, muted: true });
    await expect.poll(() => page.locator('.live-hls').count(), { timeout: 5000 }).toBe(0);

    // The manual switch: a button, reachable from the keyboard.
    const toDelayed = page.getByRole('button', { name: 'Switch to standard delay' });
    await toDelayed.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.live-player').getAttribute('data-live-mode'), { timeout: 15_000 }).toBe('hls');
    expect(await page.getByTestId('live-stats-reason').getAttribute('data-reason')).toBe('manual');
    expect(await page.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
    await page.getByRole('button', { name: 'Switch to real time' }).click();
    await expect.poll(() => page.locator('.live-player').getAttribute('data-live-mode'), { timeout: 15_000 }).toBe('webrtc');
    await page.context().close();
  }, 120_000);

  it('screenshots: the live page on HLS with its label, phone and desktop, hy and en', async () => {
    fs.mkdirSync(shots, { recursive: true });
    const pages = await Promise.all(
      (['phone', 'desktop'] as const).flatMap((viewport) => (['hy', 'en'] as const).map(async (lang) => ({ viewport, lang, page: await openBlocked(viewport, lang) }))),
    );
    for (const { viewport, lang, page } of pages) {
      await expectHlsPlaying(page, 20_000);
      await expect.poll(() => page.getByTestId('live-mode-label').innerText(), { timeout: 10_000 }).toMatch(/\d/);
      await page.locator('.live-stats summary').click();
      await page.screenshot({ path: path.join(shots, `live-hls-${viewport}-${lang}.png`), fullPage: true });
      await page.context().close();
    }
  }, 90_000);
});
