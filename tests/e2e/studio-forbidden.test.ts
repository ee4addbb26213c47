import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { expectNoSeriousViolations } from '../helpers/console.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { loginInPage } from '../helpers/webrtc.js';

/**
 * A studio opened by someone who may not use it (product defaults): the operator studio and the interpreter
 * studio each say who may, offer the console's login, and show no controls.
 */
let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});
const contexts: BrowserContext[] = [];
afterAll(async () => {
  for (const c of contexts) await c.close();
});

async function open(path: string, as: string | null, viewport: 'phone' | 'desktop') {
  const context = await newContext(browser, viewport);
  contexts.push(context);
  const page = await context.newPage();
  if (as) await loginInPage(page, server, as);
  await page.goto(`${server.url}${path}`);
  return page;
}

describe('a studio for someone who may not use it', () => {
  it.each([
    { path: '?lang=en', as: 'captioner', says: 'Only an operator of this body can run this broadcast.', viewport: 'desktop' as const },
    { path: '?mode=interpreter', as: null, says: 'Թարգմանելու համար մուտք գործեք որպես այս մարմնի թարգմանիչ', viewport: 'phone' as const },
  ])('says who may ($as at $path), links to the login and shows no controls', async ({ path, as, says, viewport }) => {
    const page = await open(`/studio/${addSession(server)}${path}`, as, viewport);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.innerText(), { timeout: 20_000 }).toContain(says);
    expect(await alert.getByRole('link').getAttribute('href')).toBe('/console');
    expect(await page.locator('video').count()).toBe(0);
    await expectNoSeriousViolations(page);
  });
});
