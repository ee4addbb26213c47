import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { expectNoSeriousViolations } from '../helpers/console.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import { tabTo } from '../helpers/keyboard.js';
import { addRecordingTracks, floorToneHz, interpretationToneHz } from '../helpers/recording-tracks.js';
import { recordingReady } from '../helpers/screenshots.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

/**
 * The archive player with the interpreters' tracks in real Chromium: the demo's recording (floor: a 1000 Hz
 * beep each second) gets a Russian interpretation (a 440 Hz tone, an AUDIO rendition) and a sign-language playlist made
 * by ffmpeg. With keys only, a resident switches hls.js to the Russian rendition and hears its tone where
 * the recording was, volume and mute unchanged, and turns on the sign-language picture-in-picture, which
 * follows the recording's seeks, pauses and speed, and is out of sight while the recording waits for data.
 */
let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));
let sessionId: number;

beforeAll(async () => {
  sessionId = demoIds(server).endedSessionId;
  await recordingReady(server, sessionId);
  const tracks = await addRecordingTracks(server, sessionId, 20);
  expect(tracks).toEqual({ interpretations: [{ lang: 'ru', name: 'Русский' }], sign: { url: `/recordings/${sessionId}/sign/index.m3u8` } });
}, 150_000);

async function openSession(width: 390 | 1280 = 1280, before?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await (await newContext(browser, 'desktop', { viewport: { width, height: width < 600 ? 844 : 800 } })).newPage();
  await before?.(page);
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  await page.locator('.recording-player video').waitFor();
  return page;
}

/** Routes the recording's sound through an analyser (the page hears what the element plays) and plays it. */
const listen = (page: Page) =>
  page.evaluate(async () => {
    const video = document.querySelector<HTMLVideoElement>('.recording-player video')!;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    context.createMediaElementSource(video).connect(analyser).connect(context.destination);
    await context.resume();
    (window as unknown as { analyser: AnalyserNode }).analyser = analyser;
    video.volume = 0.6;
    await video.play();
  });

/** The loudest frequency the analyser hears now, in Hz (0 while silent). */
const loudestHz = (page: Page) =>
  page.evaluate(() => {
    const analyser = (window as unknown as { analyser: AnalyserNode }).analyser;
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 0;
    for (let i = 1; i < bins.length; i++) if (bins[i]! > bins[best]!) best = i;
    return bins[best]! > -70 ? (best * analyser.context.sampleRate) / analyser.fftSize : 0;
  });

const mainVideo = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('.recording-player .player-screen > video')!;
    return { time: v.currentTime, paused: v.paused, rate: v.playbackRate, volume: v.volume, muted: v.muted, audio: v.dataset.audioLang };
  });
const signVideo = (page: Page) =>
  page.evaluate(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-testid="sign-video"]')!;
    return { time: v.currentTime, paused: v.paused, rate: v.playbackRate, frames: v.getVideoPlaybackQuality().totalVideoFrames };
  });
/**
 * How far the sign-language picture is from the recording, in seconds, sampled at one instant; `playing`: only
 * while the recording plays short of its last 2 s (at its end both stop at the same frame, in step or not).
 */
const drift = (page: Page, playing = true) =>
  page.evaluate((playing) => {
    const [main, sign] = ['.recording-player .player-screen > video', '[data-testid="sign-video"]'].map((s) => document.querySelector<HTMLVideoElement>(s)!);
    if (playing && (main!.paused || main!.currentTime > main!.duration - 2)) return Infinity;
    return Math.abs(main!.currentTime - sign!.currentTime);
  }, playing);
const near = (hz: number) => (heard: number) => Math.abs(heard - hz) < 30;

describe('the archive player with interpretation and sign-language tracks', () => {
  it('switches hls.js to the Russian rendition with the keys, its tone plays, position, volume and mute kept', async () => {
    const page = await openSession();
    const segments: string[] = [];
    page.on('request', (r) => segments.push(new URL(r.url()).pathname));
    await listen(page);
    await expect.poll(async () => near(floorToneHz)(await loudestHz(page)), { timeout: 20_000 }).toBe(true);
    expect((await mainVideo(page)).audio).toBe('floor');

    // The choice lists the floor and the kept language (named in itself); Tab to it, an arrow key picks Russian.
    expect((await page.locator('.recording-player .track-option').allInnerTexts()).map((t) => t.trim())).toEqual(['Floor (original)', 'Русский']);
    await expect.poll(async () => (await mainVideo(page)).time, { timeout: 10_000 }).toBeGreaterThan(2);
    await tabTo(page, 'input[name="recording-audio"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Русский' }).isChecked()).toBe(true);
    const before = await mainVideo(page);
    await expect.poll(async () => (await mainVideo(page)).audio, { timeout: 10_000 }).toBe('ru');
    await expect.poll(async () => near(interpretationToneHz)(await loudestHz(page)), { timeout: 15_000 }).toBe(true);
    expect(segments.some((p) => p.startsWith(`/recordings/${sessionId}/audio-ru/`) && p.endsWith('.ts'))).toBe(true);
    const after = await mainVideo(page);
    expect(after.time).toBeGreaterThanOrEqual(before.time);
    expect(after.paused).toBe(false);
    expect([after.volume, after.muted]).toEqual([before.volume, before.muted]);

    // Back to the floor: its tone again.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await mainVideo(page)).audio, { timeout: 10_000 }).toBe('floor');
    await expect.poll(async () => near(floorToneHz)(await loudestHz(page)), { timeout: 15_000 }).toBe(true);
    await page.context().close();
  });

  it('shows the sign-language picture with the keys and keeps it within 0.5 s of the recording after a seek, a pause and a speed change', async () => {
    const page = await openSession();
    expect(await page.locator('.sign-pip').count()).toBe(0);
    await page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('.recording-player video')!;
      v.muted = true;
      return v.play();
    });
    await tabTo(page, 'button.track-sign');
    await page.keyboard.press('Enter');
    expect(await page.locator('button.track-sign').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await signVideo(page)).frames, { timeout: 20_000 }).toBeGreaterThan(10);
    expect((await signVideo(page)).paused).toBe(false);

    // "5" on the player seeks to 50 % (10 s of 20): the picture follows and stays in step as both play.
    await page.locator('.recording-player .player').focus();
    await page.keyboard.press('5');
    await expect.poll(async () => (await mainVideo(page)).time, { timeout: 10_000 }).toBeGreaterThan(10);
    await expect.poll(() => drift(page), { timeout: 6_000 }).toBeLessThan(0.5);
    for (let i = 0; i < 5; i++) {
      expect(await drift(page)).toBeLessThan(0.5);
      await page.waitForTimeout(200);
    }

    // Paused with the recording ("k"), at its frame.
    await page.keyboard.press('k');
    await expect.poll(async () => (await signVideo(page)).paused, { timeout: 5_000 }).toBe(true);
    await expect.poll(() => drift(page, false), { timeout: 5_000 }).toBeLessThan(0.1);

    // The arrow keys on its handle move the picture within the recording's picture, not the recording's position.
    const stopped = (await mainVideo(page)).time;
    const pip = page.locator('.sign-pip');
    const from = (await pip.boundingBox())!;
    await tabTo(page, 'button.sign-handle');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowDown');
    const to = (await pip.boundingBox())!;
    expect(to.x).toBeLessThan(from.x);
    expect(to.y).toBeGreaterThan(from.y);
    const screen = (await page.locator('.recording-player .player-screen').boundingBox())!;
    expect(to.y + to.height).toBeLessThanOrEqual(screen.y + screen.height + 1);
    expect((await mainVideo(page)).time).toBe(stopped);

    // Faster (from the speed menu): the picture runs at the recording's rate, give or take the catch-up nudge.
    await page.locator('.player-bar select').last().selectOption('1.5');
    await page.evaluate(() => document.querySelector<HTMLVideoElement>('.recording-player video')!.play());
    await page.evaluate(() => (document.querySelector<HTMLVideoElement>('.recording-player video')!.currentTime = 4));
    await expect.poll(async () => (await mainVideo(page)).time, { timeout: 10_000 }).toBeGreaterThan(5);
    await expect.poll(async () => Math.abs((await signVideo(page)).rate - 1.5), { timeout: 5_000 }).toBeLessThan(0.16);
    await expect.poll(() => drift(page), { timeout: 10_000 }).toBeLessThan(0.5);

    // Off again (Space): the picture goes.
    await tabTo(page, 'button.track-sign');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.sign-pip').count(), { timeout: 5_000 }).toBe(0);
    await page.context().close();
  });

  it('hides and pauses the sign-language picture while the recording waits for its video, and plays it again after', async () => {
    // The recording's video segments are held back (the sign picture's are not) until `release`.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const page = await openSession(1280, (p) =>
      p.route(/\/recordings\/\d+\/\d+p\/\d+\.ts$/, async (route) => {
        await released;
        await route.continue();
      }),
    );
    await page.evaluate(() => {
      const v = document.querySelector<HTMLVideoElement>('.recording-player video')!;
      v.muted = true;
      void v.play().catch(() => undefined);
    });
    await page.locator('button.track-sign').click();
    await expect.poll(() => page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="sign-video"]')?.readyState ?? 0), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.sign-pip').getAttribute('class')).toContain('sign-hidden');
    expect((await signVideo(page)).paused).toBe(true);

    release();
    await expect.poll(async () => (await mainVideo(page)).time, { timeout: 15_000 }).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.sign-pip').getAttribute('class'), { timeout: 5_000 }).not.toContain('sign-hidden');
    await expect.poll(async () => (await signVideo(page)).paused, { timeout: 5_000 }).toBe(false);
    await expect.poll(() => drift(page), { timeout: 6_000 }).toBeLessThan(0.5);
    await page.context().close();
  });

  for (const width of [390, 1280] as const) {
    it(`has no serious accessibility findings with the audio choice and the picture-in-picture on screen (${width} px)`, async () => {
      const page = await openSession(width);
      await page.getByRole('radio', { name: 'Русский' }).waitFor();
      await page.locator('button.track-sign').click();
      await page.locator('[data-testid="sign-video"]').waitFor();
      await expectNoSeriousViolations(page);
      await page.context().close();
    });
  }
});
