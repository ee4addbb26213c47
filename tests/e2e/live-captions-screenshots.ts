/**
 * Screenshots of the live captioning console and of a resident's live page with the caption overlay, at
 * phone (390 px) and desktop (1280 px) width, in Armenian and English, for a person to look at.
 *
 *   node --import tsx tests/e2e/live-captions-screenshots.ts <outDir>      (starts its own server, goes live)
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
import { connect, ok } from '../helpers/signaling.js';

const outDir = process.argv[2] ?? 'screenshots';
fs.mkdirSync(outDir, { recursive: true });
const server = await startServer();
const browser = await launchChromium();
const problems: string[] = [];
const { sessionId, cli } = await putOnAir(server, { recording: true });
const captioner = await login(server, 'captioner');
const typist = await connect(server.url, captioner);
const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const cookie = { name: captioner.cookie.split('=')[0]!, value: captioner.cookie.split('=').slice(1).join('=').split(';')[0]!, url: server.url };

try {
  for (const lang of ['hy', 'en'] as const) {
    for (const [name, viewport] of Object.entries(viewports)) {
      const options = { viewport, deviceScaleFactor: 1, locale: lang === 'hy' ? 'hy-AM' : 'en-GB', timezoneId: 'Asia/Yerevan' };
      const desk = await browser.newContext(options);
      await desk.addCookies([cookie]);
      const page = await desk.newPage();
      page.on('pageerror', (e) => problems.push(`${lang}/${name}: page error: ${e.message}`));
      await page.goto(`${server.url}/studio/${sessionId}/captions?lang=${lang}`);
      await page.locator('.captions-console[data-state="ready"]').waitFor({ timeout: 20_000 });
      await page.locator('#caption-lang').selectOption(lang);
      const line = page.locator('#caption-line');
      await line.fill(lang === 'hy' ? 'Բարև ձեզ, հարգելի ավագանու անդամներ։' : 'Good afternoon, members of the council.');
      await line.press('Enter');
      await page.getByTestId('caption-last').waitFor();
      await line.fill(lang === 'hy' ? 'Անցնում ենք բյուջեի նախագծի քննարկմանը' : 'We move on to the draft budget');
      await page.evaluate(() => document.fonts.ready);
      let overflow = await overflowOf(page);
      if (overflow > 0) problems.push(`${lang}/${name}/console: ${overflow}px horizontal overflow`);
      let file = path.join(outDir, `live-captions-${lang}-${name}-console.png`);
      await page.screenshot({ path: file, fullPage: true });
      process.stdout.write(`${file}\n`);

      const resident = await browser.newContext(options);
      const pub = await resident.newPage();
      pub.on('pageerror', (e) => problems.push(`${lang}/${name}: page error: ${e.message}`));
      await pub.goto(`${server.url}/sessions/${sessionId}?lang=${lang}`);
      for (let i = 0; i < 150 && (await liveMode(pub)) !== 'webrtc'; i++) await pub.waitForTimeout(200);
      await pub.waitForFunction(() => (document.querySelector('.live-video') as HTMLVideoElement | null)?.videoWidth, null, { timeout: 20_000 });
      await ok(typist, 'caption:send', {
        sessionId,
        lang,
        text:
          name === 'phone'
            ? lang === 'hy' ? 'Խոսքը տրվում է ֆինանսական բաժնի պետին՝ բյուջեի նախագծի մասին զեկույցով։' : 'The head of the finance department presents the draft budget.'
            : lang === 'hy' ? 'Բյուջեի նախագիծն ընդունվում է առաջին ընթերցմամբ։' : 'The draft budget is adopted in the first reading.',
      });
      await pub.getByTestId('caption-overlay').locator('.caption-line').first().waitFor({ timeout: 10_000 });
      await pub.evaluate(() => document.fonts.ready);
      overflow = await overflowOf(pub);
      if (overflow > 0) problems.push(`${lang}/${name}/live: ${overflow}px horizontal overflow`);
      file = path.join(outDir, `live-captions-${lang}-${name}-live.png`);
      await pub.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await resident.close();
      await desk.close();
    }
  }
} finally {
  typist.disconnect();
  await takeOffAir(cli);
  await browser.close();
  await server.stop();
}
finishScreenshots(problems);
