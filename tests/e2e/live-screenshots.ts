/**
 * Screenshots of the live pages (studio with the encoder panel, resident player waiting, live on WebRTC and on
 * the live HLS fallback with its statistics, meeting) at phone (390) and desktop (1280) width, in Armenian and
 * English, for a person to look at. Starts its own server with fake devices and an RTMP encoder (ffmpeg).
 *
 *   node --import tsx tests/e2e/live-screenshots.ts <outDir>
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newContext, viewports } from '../helpers/browser.js';
import { blockWebrtc } from '../helpers/live-scenario.js';
import { startServer } from '../helpers/server.js';
import { studioOnAir } from '../helpers/screenshots.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, loginInPage, trackPeerConnections } from '../helpers/webrtc.js';

const outDir = path.resolve(process.argv[2] ?? 'screenshots-live');
fs.mkdirSync(outDir, { recursive: true });
const langs = ['hy', 'en'] as const;
const sizes = { phone: viewports.phone, desktop: { width: 1280, height: 800 } } as const;

const camera = await fakeCameraFile();
const server = await startServer();
const browser = await launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await wait(250)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
};

async function shoot(page: Page, name: string, open: (lang: string) => Promise<void>, ready?: () => Promise<void>) {
  for (const lang of langs) {
    await open(lang);
    for (const [size, viewport] of Object.entries(sizes)) {
      await page.setViewportSize(viewport);
      await wait(1500);
      await ready?.();
      const file = path.join(outDir, `${name}-${size}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      console.log(`${file}${overflow ? '  (horizontal overflow!)' : ''}`);
    }
  }
}

/** Opens the player's statistics panel (closed by default). */
const openStats = (page: Page) => page.locator('.live-stats').evaluate((d: HTMLDetailsElement) => (d.open = true));

const encoder = { process: undefined as ReturnType<typeof spawn> | undefined };
try {
  const sessionId = addSession(server);
  const resident = await (await newContext(browser)).newPage();
  await shoot(resident, 'session-waiting', async (lang) => {
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
    await resident.waitForSelector('.live-player[data-state="waiting"]');
  });

  const { studioContext, studio } = await studioOnAir(browser, server, sessionId);

  const viewerContext = await newContext(browser);
  await trackPeerConnections(viewerContext);
  const viewer = await viewerContext.newPage();
  await shoot(viewer, 'session-live', async (lang) => {
    await viewer.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
    for (let i = 0; i < 100 && (await inbound(viewer)).framesDecoded < 30; i++) await wait(200);
    await openStats(viewer);
  });

  const studio2 = await studioContext.newPage();
  await shoot(studio2, 'studio', async (lang) => {
    await studio2.goto(`${server.url}/studio/${sessionId}?lang=${lang}`);
    await studio2.waitForSelector('.studio[data-state="live"]');
    await wait(2500);
  });

  // A second session on air from an RTMP encoder, as OBS would send it: the studio's encoder panel with the
  // key just made (shown once) and the preview of what the encoder sends.
  const encoded = addSession(server);
  const studio3 = await studioContext.newPage();
  const showKey = async (lang: string) => {
    await studio3.goto(`${server.url}/studio/${encoded}?lang=${lang}`);
    const panel = studio3.getByTestId('encoder-panel');
    await panel.locator('.encoder-buttons .button').first().click({ timeout: 20_000 });
    await panel.getByTestId('encoder-key').waitFor();
  };
  await showKey('en');
  const key = await studio3.getByTestId('encoder-key').innerText();
  const rtmpUrl = await studio3.getByTestId('encoder-server').innerText();
  encoder.process = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '300', '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'main', '-bf', '0', '-g', '50', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ar', '48000', '-f', 'flv', `${rtmpUrl}/${key}`,
    ],
    { stdio: 'ignore' },
  );
  const previewing = async () => (await studio3.getByTestId('encoder-preview').getAttribute('data-playing').catch(() => null)) === 'yes';
  await until('the encoder preview', previewing, 60_000);
  await shoot(studio3, 'studio-encoder', showKey, () => until('the encoder preview', previewing));

  // WebRTC blocked for this resident: the live HLS (of the encoder's session: H.264 copied, as a hall's kit sends it)
  // with its label, after the 5 s without a frame.
  const fallbackContext = await newContext(browser);
  await fallbackContext.addInitScript(blockWebrtc);
  const fallback = await fallbackContext.newPage();
  await shoot(fallback, 'session-hls-fallback', async (lang) => {
    await fallback.goto(`${server.url}/sessions/${encoded}?lang=${lang}`);
    await until('the HLS fallback', async () => (await fallback.locator('.live-player').getAttribute('data-live-mode')) === 'hls');
    await until('an HLS picture', () => fallback.locator('.live-hls video').evaluate((v: HTMLVideoElement) => v.readyState >= 2 && v.currentTime > 0), 60_000);
    await until('the delay in the label', async () => /\d/.test(await fallback.getByTestId('live-mode-label').innerText()));
    await openStats(fallback);
  });

  const meetingId = addSession(server, { kind: 'meeting' });
  const guest = await (await newContext(browser)).newPage();
  await loginInPage(guest, server, 'staff');
  await guest.goto(`${server.url}/meet/${meetingId}?lang=en`);
  const host = await (await newContext(browser)).newPage();
  await loginInPage(host, server, 'clerk');
  await shoot(host, 'meeting', async (lang) => {
    await host.goto(`${server.url}/meet/${meetingId}?lang=${lang}`);
    await host.waitForSelector('.meeting[data-state="live"]');
    await wait(2500);
  });
} finally {
  encoder.process?.kill('SIGKILL');
  await browser.close();
  await server.stop();
}
