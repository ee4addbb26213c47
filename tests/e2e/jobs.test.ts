import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoPassword } from '../helpers/auth.js';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

describe('background jobs in the console', () => {
  it('shows an archivist the demo recording job progressing to done, live', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const errors: string[] = [];
    // Logged out, the console's first /api/auth/me answers 401 by design; anything else is a bug.
    page.on('console', (m) => m.type() === 'error' && !m.text().includes('401 (Unauthorized)') && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console/jobs`);
    await page.getByLabel('Օգտանուն', { exact: true }).fill('archivist');
    await page.getByLabel('Գաղտնաբառ', { exact: true }).fill(demoPassword(server, 'archivist'));
    await page.getByRole('button', { name: 'Մուտք', exact: true }).click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 15_000 }).toContain('demo-recording');
    await expect.poll(() => page.locator('.job-done progress').first().getAttribute('value'), { timeout: 60_000 }).toBe('100');
    expect(await page.locator('.job-done .job-status').first().innerText()).toBe('Ավարտված');
    expect(await page.locator('.jobs-connection').innerText()).toBe('Թարմանում է ուղիղ');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-jobs-shot-'));
    await page.screenshot({ path: path.join(dir, 'hy-phone-jobs.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
