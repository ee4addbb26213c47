/**
 * Screenshots of the archive player of a recording that kept its interpreters' tracks (the demo recording with
 * the fixture's Russian interpretation and sign-language picture): the audio choice with Russian picked, and
 * the sign-language picture-in-picture, at phone (390 px) and desktop (1280 px) width, in Armenian and
 * English, for a person to look at.
 *
 *   node --import tsx tests/e2e/archive-tracks-screenshots.ts <outDir>
 *
 * Prints one line per PNG; flags page errors and horizontal overflow and exits 1 if any.
 */
import path from 'node:path';
import { addRecordingTracks } from '../helpers/recording-tracks.js';
import { demoScreenshotRun, finishScreenshots } from '../helpers/screenshots.js';

const { outDir, server, browser, problems, endedSessionId } = await demoScreenshotRun(120);
await addRecordingTracks(server, endedSessionId, 20);

try {
  for (const lang of ['hy', 'en']) {
    for (const width of [390, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 800 }, deviceScaleFactor: 1 });
      page.on('pageerror', (e) => problems.push(`${lang} ${width}: page error: ${e.message}`));
      await page.goto(`${server.url}/sessions/${endedSessionId}?lang=${lang}`);
      const video = page.locator('.recording-player .player-screen > video');
      await video.waitFor();
      // Pause between the clip's white flashes (one at each whole second), both pictures holding still.
      const holdAt = (sec: number) =>
        video.evaluate(async (v: HTMLVideoElement, at: number) => {
          v.pause();
          v.currentTime = at;
          await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
        }, sec);
      await video.evaluate((v: HTMLVideoElement) => {
        v.muted = true;
        return v.play();
      });
      await page.locator('.recording-player input[value="ru"]').check();
      await page.locator('.recording-player').scrollIntoViewIfNeeded();
      await page.waitForTimeout(1500);
      await holdAt(6.5);
      await page.waitForTimeout(500);
      const shot = async (name: string) => {
        const file = path.join(outDir, `archive-tracks-${name}-${width}-${lang}.png`);
        await page.screenshot({ path: file });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${file}: horizontal overflow of ${overflow} px`);
        console.log(file);
      };
      await shot('audio');
      await page.locator('button.track-sign').click();
      await page.locator('[data-testid="sign-video"]').waitFor();
      await page.waitForTimeout(2000);
      await holdAt(9.5);
      await page.waitForTimeout(1000);
      await shot('pip');
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
finishScreenshots(problems);
