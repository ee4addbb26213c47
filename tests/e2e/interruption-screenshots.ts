/**
 * Screenshots of what an interruption looks like: the studio's disk-full alarm, the console's alarm banner and
 * interrupted recording, and a resident's player while the source is lost; phone and desktop, hy and en.
 * Mounts a small tmpfs for the recordings (run as root) and fills it.
 *
 *   node --import tsx tests/e2e/interruption-screenshots.ts <outDir>
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, newContext, viewports } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';
import { studioOnAir } from '../helpers/screenshots.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, loginInPage } from '../helpers/webrtc.js';

const outDir = path.resolve(process.argv[2] ?? 'screenshots-interruption');
fs.mkdirSync(outDir, { recursive: true });
const langs = ['hy', 'en'] as const;
const sizes = ['phone', 'desktop'] as const;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-small-disk-'));
execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mountPoint]);
const recordingsDir = path.join(mountPoint, 'recordings');
fs.mkdirSync(recordingsDir);
const camera = await fakeCameraFile();
const server = await startServer({ env: { RECORDINGS_DIR: recordingsDir, RECORDING_MIN_FREE_MB: '4' } });
const browser = await launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] });

async function shoot(page: Page, name: string, open: (lang: string) => Promise<void>) {
  for (const lang of langs) {
    for (const size of sizes) {
      await page.setViewportSize(viewports[size]);
      await open(lang);
      await wait(1000);
      const file = path.join(outDir, `${name}-${size}-${lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      console.log(`${file}${overflow ? '  (horizontal overflow!)' : ''}`);
    }
  }
}

try {
  const sessionId = addSession(server);
  const { studioContext, studio } = await studioOnAir(browser, server, sessionId);
  await wait(6000);
  const s = fs.statfsSync(mountPoint);
  fs.writeFileSync(path.join(mountPoint, 'filler.bin'), Buffer.alloc(s.bavail * s.bsize - 2 * 1024 * 1024));
  await studio.getByTestId('recording-alarm').waitFor({ timeout: 20_000 });
  await shoot(studio, 'studio-alarm', async (lang) => {
    await studio.goto(`${server.url}/studio/${sessionId}?lang=${lang}`);
    await studio.getByTestId('recording-alarm').waitFor({ timeout: 20_000 });
    await wait(1500);
  });

  const admin = await (await newContext(browser)).newPage();
  await loginInPage(admin, server, 'admin');
  await shoot(admin, 'console-alarm', async (lang) => {
    await admin.goto(`${server.url}/console?lang=${lang}`);
    await admin.getByTestId('console-alarm').waitFor({ timeout: 20_000 });
  });
  await shoot(admin, 'console-recordings', async (lang) => {
    await admin.goto(`${server.url}/console/recordings?lang=${lang}`);
    await admin.locator('.recording-status-interrupted').first().waitFor({ timeout: 20_000 });
  });

  await studioContext.close();
  const resident = await (await newContext(browser)).newPage();
  await shoot(resident, 'session-interrupted', async (lang) => {
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
    await resident.locator('.live-interrupted').waitFor({ timeout: 20_000 });
  });
} finally {
  await browser.close();
  await server.stop();
  execFileSync('umount', ['-l', mountPoint]);
}
