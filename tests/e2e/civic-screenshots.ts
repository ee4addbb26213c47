/**
 * Screenshots of the civic record's pages (session with chapters and roll calls, archive search, body page,
 * embed, clerk console with its forms refused before sending) at phone and desktop width, in Armenian and English, for a person to look at.
 *
 *   node --import tsx tests/e2e/civic-screenshots.ts <outDir>      (starts its own server with demo content)
 *
 * Prints one line per PNG; flags page errors and horizontal overflow and exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { demoPassword } from '../helpers/auth.js';
import { launchChromium, viewports } from '../helpers/browser.js';
import { startServer } from '../helpers/server.js';
import { demoScreenshotRun } from '../helpers/screenshots.js';
import { demoIds } from '../helpers/signaling.js';

const { outDir, server, browser, problems, endedSessionId } = await demoScreenshotRun(90);

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('h1, h2', { timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector('.skeleton, .session-skeleton'), null, { timeout: 10_000 });
  await page.evaluate(() => document.fonts.ready);
}

const pages: [string, string, ((p: Page) => Promise<void>)?][] = [
  ['session', `/sessions/${endedSessionId}?t=12`, async (p) => {
    await p.locator('.roll-call summary').first().click();
  }],
  ['search', `/archive?q=${encodeURIComponent('բյուջե')}`],
  ['body', '/bodies/ashtarak-council'],
  ['embed', `/embed/${endedSessionId}`],
];

try {
  for (const lang of ['hy', 'en'] as const) {
    for (const [viewportName, viewport] of Object.entries(viewports)) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: lang === 'hy' ? 'hy-AM' : 'en-GB', timezoneId: 'Asia/Yerevan' });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${lang}/${viewportName}: page error: ${e.message}`));
      const shots = [...pages];
      for (const [name, route, prepare] of shots) {
        await page.goto(`${server.url}${route}${route.includes('?') ? '&' : '?'}lang=${lang}`);
        await settle(page);
        await prepare?.(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${lang}/${viewportName}/${name}: ${overflow}px horizontal overflow`);
        const file = path.join(outDir, `civic-${lang}-${viewportName}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
      }
      // The clerk console's session editor.
      await page.goto(`${server.url}/console/sessions/${endedSessionId}?lang=${lang}`);
      await page.locator('input[autocomplete="username"], input[name="username"]').first().fill('clerk');
      await page.locator('input[type="password"]').fill(demoPassword(server, 'clerk'));
      await page.keyboard.press('Enter');
      await page.waitForSelector('.clerk-agenda', { timeout: 15_000 });
      await settle(page);
      const shoot = async (name: string) => {
        const file = path.join(outDir, `civic-${lang}-${viewportName}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
      };
      await shoot('console');
      // A form the contract refuses before sending: the agenda item without a title, marked beside the field.
      await page.locator('#new-title').fill('');
      await page.locator('#new-title').press('Enter');
      await page.waitForSelector('#new-title[aria-invalid="true"]');
      await shoot('console-agenda-refused');
      // The sessions list with the new-session form, and its start refused.
      await page.goto(`${server.url}/console/sessions?lang=${lang}`);
      await page.waitForSelector('#n-title');
      await page.locator('#n-title').fill('Ավագանու նիստ');
      await page.locator('#n-title').press('Enter');
      await page.waitForSelector('#n-starts[aria-invalid="true"]');
      await settle(page);
      await shoot('console-sessions');
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
for (const p of problems) process.stderr.write(`problem: ${p}\n`);
process.exitCode = problems.length ? 1 : 0;
