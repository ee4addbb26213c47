/**
 * Screenshots of the live pages (studio, resident player waiting and live, meeting) at phone and desktop
 * width, in Armenian and English, for a person to look at. Starts its own server with fake devices.
 *
 *   node --import tsx tests/e2e/live-screenshots.ts <outDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newContext, viewports } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, loginInPage, trackPeerConnections } from '../helpers/webrtc.js';

const outDir = path.resolve(process.argv[2] ?? 'screenshots-live');
fs.mkdirSync(outDir, { recursive: true });
const langs = ['hy', 'en'] as const;
const sizes = ['phone', 'desktop'] as const;

const camera = await fakeCameraFile();
const server = await startServer();
const browser = await launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function shoot(page: Page, name: string, open: (lang: string) => Promise<void>) {
  for (const lang of langs) {
    await open(lang);
    for (const size of sizes) {
      await page.setViewportSize(viewports[size]);
      await wait(1500);
      const file = path.join(outDir, `${name}-${size}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      console.log(`${file}${overflow ? '  (horizontal overflow!)' : ''}`);
    }
  }
}

try {
  const sessionId = addSession(server);
  const resident = await (await newContext(browser)).newPage();
  await shoot(resident, 'session-waiting', async (lang) => {
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
    await resident.waitForSelector('.live-player[data-state="waiting"]');
  });

  const studioContext = await newContext(browser);
  const studio = await studioContext.newPage();
  await loginInPage(studio, server, 'operator');
  await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
  await studio.getByRole('button', { name: 'Go live' }).click({ timeout: 20_000 });
  await studio.waitForSelector('.studio[data-status="live"]');

  const viewerContext = await newContext(browser);
  await trackPeerConnections(viewerContext);
  const viewer = await viewerContext.newPage();
  await shoot(viewer, 'session-live', async (lang) => {
    await viewer.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
    for (let i = 0; i < 100 && (await inbound(viewer)).framesDecoded < 30; i++) await wait(200);
  });

  const studio2 = await studioContext.newPage();
  await shoot(studio2, 'studio', async (lang) => {
    await studio2.goto(`${server.url}/studio/${sessionId}?lang=${lang}`);
    await studio2.waitForSelector('.studio[data-state="live"]');
    await wait(2500);
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
  await browser.close();
  await server.stop();
}
