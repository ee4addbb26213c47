import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { newContext } from '../helpers/browser.js';
import { call } from '../helpers/auth.js';
import { generateClip } from '../helpers/fixtures.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';
import { broadcastFile, sleep } from '../helpers/wait.js';

/**
 * Accessibility of what residents use (issue 16), on the product's defaults and the demo data: axe-core finds no
 * serious or critical violation on any public page, live included, at phone and desktop widths in hy, en and
 * ru; the archive player, the live page and the question form work with the keyboard alone; and nothing moves
 * for a resident who asked the system for reduced motion.
 */
let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

let broadcast: ChildProcess | undefined;
let live: number;
let ended: number;

beforeAll(async () => {
  ({ scheduledSessionId: live, endedSessionId: ended } = demoIds(server));
  // The demo recording is made in the job queue after start; the broadcast starts once it is done.
  for (const deadline = Date.now() + 120_000; (await call(server.url, null, 'GET', `/api/sessions/${ended}`)).body.recording?.status !== 'ready'; await sleep(500)) {
    if (Date.now() > deadline) throw new Error('the demo recording did not become ready');
  }
  const clip = await generateClip({ seconds: 6, cameraLike: true, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-a11y-')) });
  broadcast = broadcastFile(server, live, clip);
  for (const deadline = Date.now() + 60_000; (await call(server.url, null, 'GET', `/api/sessions/${live}`)).body.status !== 'live'; await sleep(500)) {
    if (Date.now() > deadline) throw new Error('the broadcast did not go live');
  }
}, 200_000);
afterAll(() => {
  broadcast?.kill('SIGINT');
});

async function settle(page: Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined); // a live page keeps its socket open
  await page.waitForSelector('h1', { timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector('.skeleton, .session-skeleton'), null, { timeout: 10_000 });
}

/** Presses Tab until `selector` holds the focus (at most `max` presses); returns how many it took. */
async function tabTo(page: Page, selector: string, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.closest(s), selector)) return i;
  }
  throw new Error(`Tab never reached ${selector} in ${max} presses`);
}

const video = (page: Page) => page.evaluate(() => {
  const v = document.querySelector('video')!;
  return { paused: v.paused, muted: v.muted, time: v.currentTime, tracks: Array.from(v.textTracks).filter((t) => t.mode === 'showing').length };
});

describe('accessibility', () => {
  it.each(['hy', 'en', 'ru'])('no serious or critical axe findings on the public pages, live included, in %s', async (lang) => {
    const pages = [
      ['home', '/'],
      ['live session with its questions', `/sessions/${live}`],
      ['recorded session', `/sessions/${ended}`],
      ['archive', '/archive'],
      ['search', `/archive?q=${encodeURIComponent('բյուջե')}`],
      ['body', '/bodies/ashtarak-council'],
      ['embed', `/embed/${ended}`],
    ];
    const found: string[] = [];
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await newContext(browser, viewport);
      const page = await context.newPage();
      for (const [name, url] of pages) {
        await page.goto(`${server.url}${url}${url!.includes('?') ? '&' : '?'}lang=${lang}`);
        await settle(page);
        for (const v of await seriousViolations(page)) found.push(`${viewport} ${name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it('plays, seeks, mutes and jumps to a chapter in the archive player with the keyboard alone', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${ended}?lang=en`);
    await settle(page);
    await tabTo(page, '.player');
    await page.evaluate(() => ((document.querySelector('video') as HTMLVideoElement).muted = true)); // headless autoplay rule, not the keyboard's
    await page.keyboard.press('k');
    await expect.poll(async () => (await video(page)).paused, { timeout: 10_000 }).toBe(false);
    await page.keyboard.press('k');
    await expect.poll(async () => (await video(page)).paused).toBe(true);
    const before = (await video(page)).time;
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await video(page)).time).toBeGreaterThan(before + 1);
    await page.keyboard.press('m');
    await expect.poll(async () => (await video(page)).muted).toBe(false);
    // A chapter marker is a button in the tab order: Enter plays from its agenda item.
    const chapter = page.locator('.player-marker').nth(1);
    const label = (await chapter.getAttribute('aria-label')) ?? '';
    await tabTo(page, '.player-marker:nth-of-type(2)');
    await page.keyboard.press('Enter');
    const [mm, ss] = label.split(' ')[0]!.split(':').map(Number);
    await expect.poll(async () => Math.round((await video(page)).time), { timeout: 10_000 }).toBeGreaterThanOrEqual(mm! * 60 + ss! - 1);
    await context.close();
  });

  it('asks a question on the live page with the keyboard alone', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${live}?lang=en`);
    await settle(page);
    await tabTo(page, 'textarea[name="text"]');
    await page.keyboard.type('Երբ է վերանորոգվելու դպրոցի տանիքը');
    await tabTo(page, 'form button[type="submit"]', 10);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /sent|moderat/i }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Every focusable control on the way had a visible focus ring (an outline or a box shadow).
    await page.keyboard.press('Shift+Tab');
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return s.outlineStyle !== 'none' && s.outlineWidth !== '0px' ? 'outline' : s.boxShadow !== 'none' ? 'shadow' : 'none';
    });
    expect(ring).not.toBe('none');
    await context.close();
  });

  it('moves nothing for a resident who asked for reduced motion, and only loading placeholders pulse otherwise', async () => {
    const running = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await newContext(browser, 'phone');
      const page = await context.newPage();
      await page.emulateMedia({ reducedMotion });
      // The archive list answers late, so its loading placeholders are on screen while we look.
      await page.route('**/api/sessions?*', async (route) => {
        await sleep(3000);
        await route.continue();
      });
      await page.goto(`${server.url}/archive?lang=en`);
      await page.waitForSelector('.skeleton, .skeleton-line, .skeleton-block', { timeout: 10_000 });
      const n = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
      await context.close();
      return n;
    };
    expect(await running('reduce')).toBe(0);
    expect(await running('no-preference')).toBeGreaterThan(0);
  });
});
