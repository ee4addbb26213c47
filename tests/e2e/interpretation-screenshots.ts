/**
 * Screenshots of a resident's live page with the audio choice and the sign-language picture-in-picture, and
 * of the studio in interpreter mode, at phone (390 px) and desktop (1280 px) width, in Armenian and English,
 * for a person to look at.
 *
 *   node --import tsx tests/e2e/interpretation-screenshots.ts <outDir>   (starts its own server, goes live)
 *
 * Prints one line per PNG; flags page errors and horizontal overflow and exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { login } from '../helpers/auth.js';
import { launchChromium } from '../helpers/browser.js';
import { liveMode, putOnAir, takeOffAir } from '../helpers/live-scenario.js';
import { startServer } from '../helpers/server.js';
import { finishScreenshots } from '../helpers/screenshots.js';
import { fakeCameraFile } from '../helpers/webrtc.js';

const outDir = process.argv[2] ?? 'screenshots';
fs.mkdirSync(outDir, { recursive: true });
const server = await startServer();
const camera = await fakeCameraFile();
const browser = await launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] });
const problems: string[] = [];
const { sessionId, cli } = await putOnAir(server);
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const cookieOf = async (username: string) => {
  const auth = await login(server, username);
  return { name: auth.cookie.split('=')[0]!, value: auth.cookie.split('=').slice(1).join('=').split(';')[0]!, url: server.url };
};
const options = (viewport: { width: number; height: number }, lang: string) => ({ viewport, deviceScaleFactor: 1, locale: lang === 'hy' ? 'hy-AM' : 'en-GB', timezoneId: 'Asia/Yerevan' });

/** An interpreter's studio on air: English (the interpreter account) or sign language (the clerk). */
async function onAir(username: string, value: string, lang: string, shot?: string) {
  const ctx = await browser.newContext(options(viewports.desktop, lang));
  await ctx.addCookies([await cookieOf(username)]);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`studio ${username}: page error: ${e.message}`));
  await page.goto(`${server.url}/studio/${sessionId}?mode=interpreter&lang=${lang}`);
  await page.locator('.interp[data-state="live"]').waitFor({ timeout: 20_000 });
  await page.locator(`input[name="interp-lang"][value="${value}"]`).check();
  await page.locator('.interp-panel .button:not(.button-secondary)').click();
  await page.locator(`.interp[data-on-air="${value}"]`).waitFor({ timeout: 15_000 });
  return page;
}

try {
  await onAir('interpreter', 'en', 'en');
  await onAir('clerk', 'sign', 'en');
  for (const lang of ['hy', 'en'] as const) {
    for (const [name, viewport] of Object.entries(viewports)) {
      // The studio in interpreter mode (the operator account: a third interpreter, Russian, goes on air).
      const ctx = await browser.newContext(options(viewport, lang));
      await ctx.addCookies([await cookieOf('operator')]);
      const studio = await ctx.newPage();
      studio.on('pageerror', (e) => problems.push(`${lang}/${name}/studio: page error: ${e.message}`));
      await studio.goto(`${server.url}/studio/${sessionId}?mode=interpreter&lang=${lang}`);
      await studio.locator('.interp[data-state="live"]').waitFor({ timeout: 20_000 });
      await studio.waitForFunction(() => (document.querySelector('.interp-floor video') as HTMLVideoElement | null)?.videoWidth, null, { timeout: 20_000 });
      await studio.locator('input[name="interp-lang"][value="ru"]').check();
      await studio.evaluate(() => document.fonts.ready);
      let overflow = await overflowOf(studio);
      if (overflow > 0) problems.push(`${lang}/${name}/studio: ${overflow}px horizontal overflow`);
      let file = path.join(outDir, `interpretation-${lang}-${name}-studio.png`);
      await studio.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);

      const resident = await browser.newContext(options(viewport, lang));
      const pub = await resident.newPage();
      pub.on('pageerror', (e) => problems.push(`${lang}/${name}/live: page error: ${e.message}`));
      await pub.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
      for (let i = 0; i < 150 && (await liveMode(pub)) !== 'webrtc'; i++) await pub.waitForTimeout(200);
      await pub.waitForFunction(() => (document.querySelector('.live-video') as HTMLVideoElement | null)?.videoWidth, null, { timeout: 20_000 });
      await pub.locator('input[name="live-audio"][value="en"]').check({ timeout: 15_000 });
      await pub.locator('button.track-sign').click();
      await pub.waitForFunction(() => (document.querySelector('.sign-video') as HTMLVideoElement | null)?.videoWidth, null, { timeout: 20_000 });
      await pub.evaluate(() => document.fonts.ready);
      overflow = await overflowOf(pub);
      if (overflow > 0) problems.push(`${lang}/${name}/live: ${overflow}px horizontal overflow`);
      file = path.join(outDir, `interpretation-${lang}-${name}-live.png`);
      await pub.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await resident.close();
      await ctx.close();
    }
  }
} finally {
  await takeOffAir(cli);
  await browser.close();
  await server.stop();
}
finishScreenshots(problems);
