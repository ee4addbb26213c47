/**
 * Screenshots of a meeting being recorded (the host's view with the Stop recording toggle, a participant's
 * view with the badge) at phone and desktop width, in Armenian and English, for a person to look at.
 *
 *   node --import tsx tests/e2e/meeting-recording-screenshots.ts <outDir>
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newContext, viewports } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, loginInPage } from '../helpers/webrtc.js';

const outDir = path.resolve(process.argv[2] ?? 'screenshots-meeting-recording');
fs.mkdirSync(outDir, { recursive: true });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const camera = await fakeCameraFile();
const server = await startServer();
const browser = await launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] });

async function join(username: string, meetingId: number, lang: string): Promise<Page> {
  const page = await (await newContext(browser)).newPage();
  await loginInPage(page, server, username);
  await page.goto(`${server.url}/meet/${meetingId}?lang=${lang}`);
  await page.waitForSelector('.meeting[data-state="live"]', { timeout: 30_000 });
  return page;
}

try {
  for (const lang of ['hy', 'en']) {
    const meetingId = addSession(server, { kind: 'meeting' });
    const host = await join('clerk', meetingId, lang);
    const staff = await join('staff', meetingId, lang);
    await host.locator('.meeting-record').click();
    await staff.waitForSelector('.meeting-recording-badge', { timeout: 15_000 });
    for (const [who, page] of [['host', host], ['participant', staff]] as const) {
      for (const size of ['phone', 'desktop'] as const) {
        await page.setViewportSize(viewports[size]);
        await wait(1500);
        const file = path.join(outDir, `meeting-recording-${who}-${size}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
        console.log(`${file}${overflow ? '  (horizontal overflow!)' : ''}`);
      }
    }
    await host.context().close();
    await staff.context().close();
  }
} finally {
  await browser.close();
  await server.stop();
}
