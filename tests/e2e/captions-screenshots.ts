/**
 * Screenshots of the cue-level caption editor and of the session page's player showing a caption, at phone
 * and desktop width, in Armenian and English, for a person to look at.
 *
 *   node --import tsx tests/e2e/captions-screenshots.ts <outDir>      (starts its own server with demo content)
 *
 * Prints one line per PNG; flags page errors and horizontal overflow and exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { login } from '../helpers/auth.js';
import { launchChromium, viewports } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';
import { demoScreenshotRun } from '../helpers/screenshots.js';
import { demoIds } from '../helpers/signaling.js';

const { outDir, server, browser, problems, endedSessionId } = await demoScreenshotRun(120);
const recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', endedSessionId)[0]!.id;
const archivist = await login(server, 'archivist');
await fetch(`${server.url}/api/archive/recordings/${recordingId}/captions/hy`, {
  method: 'PUT',
  headers: { 'content-type': 'text/vtt', cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken },
  body:
    'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nԲարև ձեզ, հարգելի ավագանու անդամներ։\n\n' +
    '00:00:04.000 --> 00:00:08.500\nԱնցնում ենք 2027 թվականի բյուջեի նախագծի քննարկմանը։\n\n' +
    '00:00:09.000 --> 00:00:12.000\nԽոսքը տրվում է ֆինանսական բաժնի պետին։\n',
});

const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

try {
  for (const lang of ['hy', 'en'] as const) {
    for (const [viewportName, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: lang === 'hy' ? 'hy-AM' : 'en-GB', timezoneId: 'Asia/Yerevan' });
      await context.addCookies([{ name: archivist.cookie.split('=')[0]!, value: archivist.cookie.split('=').slice(1).join('=').split(';')[0]!, url: server.url }]);
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${lang}/${viewportName}: page error: ${e.message}`));

      // The editor, with one row made invalid so that its per-row errors show too.
      await page.goto(`${server.url}/console/recordings/${endedSessionId}?lang=${lang}`);
      const editor = page.locator('section.captions-editor');
      await editor.locator('li[data-cue="3"]').waitFor({ timeout: 20_000 });
      await editor.locator('video').evaluate(async (v: HTMLVideoElement) => {
        v.muted = true;
        v.currentTime = 5;
        await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      });
      await editor.locator('li[data-cue="3"] textarea').fill('');
      await editor.locator('.captions-actions .button:not(.button-secondary):not(.button-danger-outline)').click();
      await editor.locator('li[data-cue="3"] .field-error').first().waitFor();
      await page.evaluate(() => document.fonts.ready);
      let overflow = await overflowOf(page);
      if (overflow > 0) problems.push(`${lang}/${viewportName}/editor: ${overflow}px horizontal overflow`);
      let file = path.join(outDir, `captions-${lang}-${viewportName}-editor.png`);
      await editor.screenshot({ path: file });
      process.stdout.write(`${file}\n`);

      // The public session page: the player with Armenian captions on, at a cue.
      const resident = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: lang === 'hy' ? 'hy-AM' : 'en-GB', timezoneId: 'Asia/Yerevan' });
      const pub = await resident.newPage();
      pub.on('pageerror', (e) => problems.push(`${lang}/${viewportName}: page error: ${e.message}`));
      await pub.goto(`${server.url}/sessions/${endedSessionId}?lang=${lang}&t=5`);
      const menu = pub.locator('.player-bar label', { hasText: lang === 'hy' ? 'Ենթագրեր' : 'Captions' }).locator('select');
      await menu.locator('option').nth(1).waitFor({ state: 'attached', timeout: 20_000 });
      await menu.selectOption({ index: 1 });
      await pub.locator('video').evaluate(async (v: HTMLVideoElement) => {
        v.muted = true;
        v.currentTime = 5.5;
        await new Promise((r) => v.addEventListener('seeked', r, { once: true }));
      });
      await pub.waitForFunction(() => Array.from(document.querySelector('video')!.textTracks).some((t) => t.mode === 'showing' && (t.activeCues?.length ?? 0) > 0), null, { timeout: 20_000 });
      await pub.evaluate(() => document.fonts.ready);
      overflow = await overflowOf(pub);
      if (overflow > 0) problems.push(`${lang}/${viewportName}/player: ${overflow}px horizontal overflow`);
      file = path.join(outDir, `captions-${lang}-${viewportName}-player.png`);
      await pub.screenshot({ path: file });
      process.stdout.write(`${file}\n`);
      await resident.close();
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
