import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import { blockWebrtc, liveMode, liveReason, openLivePage, putOnAir, takeOffAir, unblockWebrtc, withoutWebrtc } from '../helpers/live-scenario.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, connect, ok, type Client } from '../helpers/signaling.js';
import { sleep } from '../helpers/wait.js';

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

const openBlocked = (viewport: 'phone' | 'desktop', lang: 'en' | 'hy'): Promise<Page> => openLivePage(browser, server, sessionId, { viewport, lang, initScript: blockWebrtc });

/** The HLS picture is on screen and moving; returns when it first had a picture (Date.now()). */
async function expectHlsPlaying(page: Page, timeout: number): Promise<number> {
  await expect.poll(() => liveMode(page), { timeout }).toBe('hls');
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
  // On air and recording: the live HLS exists.
  ({ cli } = await putOnAir(server, { sessionId, recording: true }));
  clerkSocket = await connect(server.url, clerk);
  await sleep(2000);
  await ok(clerkSocket, 'agenda:activate', { sessionId, agendaItemId: items[0]!.id });
  await sleep(10_000);
  await ok(clerkSocket, 'agenda:activate', { sessionId, agendaItemId: items[1]!.id });
}, 90_000);

afterAll(async () => {
  clerkSocket?.disconnect();
  await takeOffAir(cli);
});

describe('one live player, two latencies', () => {
  it('plays the live HLS within 10 s when WebRTC is blocked, seeks back to a chapter, and returns to real time keeping volume and mute', async () => {
    const opened = Date.now();
    const page = await openBlocked('desktop', 'en');
    const toHlsMs = (await expectHlsPlaying(page, 10_000)) - opened;
    console.log(`fallback: page open to HLS picture ${toHlsMs} ms`);
    expect(toHlsMs).toBeLessThan(10_000);
    await expect.poll(() => page.getByTestId('live-mode-label').innerText(), { timeout: 10_000 }).toMatch(/^Standard delay, about \d+ s$/);
    expect(await liveReason(page)).toBe('no-frame');

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
    await unblockWebrtc(page);
    await expect.poll(() => liveMode(page), { timeout: 30_000 }).toBe('webrtc');
    console.log(`fallback: WebRTC unblocked to real time ${Date.now() - unblocked} ms`);
    expect(await page.getByTestId('live-mode-label').innerText()).toBe('Real time');
    expect(await liveReason(page)).toBe('realtime');
    const rtc = page.locator('.live-video');
    // The swap happened once the WebRTC video had a picture: no gap.
    expect(await rtc.evaluate((v: HTMLVideoElement) => v.videoWidth > 0)).toBe(true);
    expect(await rtc.evaluate((v: HTMLVideoElement) => ({ volume: Math.round(v.volume * 10) / 10, muted: v.muted }))).toEqual({ volume: 0.3, muted: true });
    await expect.poll(() => page.locator('.live-hls').count(), { timeout: 5000 }).toBe(0);

    // The manual switch: a button, reachable from the keyboard.
    const toDelayed = page.getByRole('button', { name: 'Switch to standard delay' });
    await toDelayed.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => liveMode(page), { timeout: 15_000 }).toBe('hls');
    expect(await liveReason(page)).toBe('manual');
    expect(await page.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
    await page.getByRole('button', { name: 'Switch to real time' }).click();
    await expect.poll(() => liveMode(page), { timeout: 15_000 }).toBe('webrtc');
    await page.context().close();
  }, 120_000);

  it('sends a browser without WebRTC straight to the live HLS, and its statistics panel says why', async () => {
    const page = await openLivePage(browser, server, sessionId, { initScript: withoutWebrtc });
    expect(await page.evaluate(() => typeof window.RTCPeerConnection)).toBe('undefined');
    await expectHlsPlaying(page, 10_000);
    // Straight there: the reason is the browser, not the 5 s without a frame that a blocked WebRTC gets.
    expect(await liveReason(page)).toBe('unsupported');
    // With sound: this browser allows autoplay (chromiumArgs), so nothing asks to unmute.
    expect(await page.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
    await page.locator('.live-stats summary').click();
    expect(await page.getByTestId('live-stats-reason').innerText()).toBe('this browser has no WebRTC');
    expect(await page.getByTestId('live-stats-hls').innerText()).toMatch(new RegExp(`^playing · /recordings/${sessionId}/`));
    expect(await page.getByTestId('live-stats-mode').innerText()).toMatch(/^HLS · Standard delay/);
    await expect.poll(() => page.getByTestId('live-mode-label').innerText(), { timeout: 10_000 }).toMatch(/^Standard delay, about \d+ s$/);
    // Nothing to switch to.
    expect(await page.getByRole('button', { name: 'Switch to real time' }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

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
