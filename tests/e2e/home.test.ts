import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

describe('home page in Chromium', () => {
  it('shows the upcoming demo session in Armenian on a phone', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A Content Security Policy violation shows up as a console error.
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url + '/');
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Ավագանու հերթական նիստ');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('hy');
    const response = await page.request.get(server.url + '/');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(errors).toEqual([]);
    await context.close();
  });

  it('switches to English with ?lang=en and keeps the choice', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(server.url + '/?lang=en');
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toContain('Ashtarak Community Council');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.goto(server.url + '/archive');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });

  it('opens a session page from the home page', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByRole('link', { name: /Ավագանու հերթական նիստ/ }).first().click();
    await expect.poll(() => page.url()).toMatch(/\/sessions\/\d+$/);
    await expect.poll(() => page.locator('main').innerText()).toContain('Համայնքի 2027 թվականի բյուջեի նախագծի քննարկում');
    await context.close();
  });
});
