/**
 * Screenshots of the public pages at phone and desktop width, in Armenian and English, for a person to look at.
 *
 *   node --import tsx tests/e2e/screenshots.ts <baseUrl> <outDir>
 *
 * Prints one line per PNG and flags page errors, failed API calls and horizontal overflow; exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, viewports } from '../helpers/browser.js';

const langs = ['hy', 'en'] as const;

type SessionRef = { id: number; status: string };

async function demoSessions(baseUrl: string): Promise<{ ended: number | null; scheduled: number | null }> {
  const response = await fetch(`${baseUrl}/api/sessions?pageSize=100`);
  if (!response.ok) throw new Error(`GET /api/sessions answered ${response.status}`);
  const { items } = (await response.json()) as { items: SessionRef[] };
  const first = (status: string) => items.find((s) => s.status === status)?.id ?? null;
  return { ended: first('ended'), scheduled: first('scheduled') };
}

function pagesToShoot(ids: { ended: number | null; scheduled: number | null }): [string, string][] {
  const pages: [string, string][] = [['home', '/']];
  if (ids.ended !== null) pages.push(['session-ended', `/sessions/${ids.ended}`]);
  if (ids.scheduled !== null) pages.push(['session-scheduled', `/sessions/${ids.scheduled}`]);
  pages.push(['archive', '/archive'], ['not-found', '/no-such-page'], ['session-missing', '/sessions/999999']);
  if (ids.ended !== null) pages.push(['embed', `/embed/${ids.ended}`]);
  return pages;
}

/** Waits until the page has loaded its data: no skeleton or "loading" status left on screen. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('h1', { timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector('.skeleton, .session-skeleton'), null, { timeout: 10_000 });
  await page.evaluate(() => document.fonts.ready);
}

async function shoot(browser: Browser, baseUrl: string, outDir: string, problems: string[]): Promise<void> {
  const pages = pagesToShoot(await demoSessions(baseUrl));
  for (const lang of langs) {
    for (const [viewportName, viewport] of Object.entries(viewports)) {
      // A fresh context per language and width: the language choice is kept in localStorage.
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`${lang}/${viewportName}: page error: ${e.message}`));
      page.on('response', (r) => {
        const expected404 = r.url().includes('/api/sessions/999999');
        if (r.url().includes('/api/') && r.status() >= 400 && !expected404) {
          problems.push(`${lang}/${viewportName}: ${r.status()} from ${r.url()}`);
        }
      });
      for (const [name, route] of pages) {
        await page.goto(`${baseUrl}${route}${route.includes('?') ? '&' : '?'}lang=${lang}`);
        await settle(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${lang}/${viewportName}/${name}: ${overflow}px horizontal overflow`);
        const file = path.join(outDir, `${lang}-${viewportName}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
  }
}

async function main(): Promise<number> {
  const [baseUrlArg, outDir] = process.argv.slice(2);
  if (!baseUrlArg || !outDir) {
    process.stderr.write('usage: node --import tsx tests/e2e/screenshots.ts <baseUrl> <outDir>\n');
    return 2;
  }
  const baseUrl = baseUrlArg.replace(/\/+$/, '');
  fs.mkdirSync(outDir, { recursive: true });
  // Debian's Chromium, headless, with the flags every e2e test uses (--no-sandbox, --disable-gpu, ...).
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    await shoot(browser, baseUrl, outDir, problems);
  } finally {
    await browser.close();
  }
  for (const problem of problems) process.stderr.write(`problem: ${problem}\n`);
  return problems.length ? 1 : 0;
}

process.exitCode = await main();
