/**
 * Screenshots of the staff console (login, overview, accounts, dialogs, audit log, bodies and members, the public
 * body page, recordings) at phone and desktop width,
 * in Armenian and English, for a person to look at. Needs a server with the demo accounts.
 *
 *   node --import tsx tests/e2e/console-screenshots.ts <baseUrl> <outDir> [username [password]]
 *
 * Without a password, the demo account's from the server's DATA_DIR/demo-accounts.json (DATA_DIR as the
 * server's: the environment's, or `data`).
 *
 * Prints one line per PNG and flags page errors, CSP violations, failed API calls and horizontal overflow;
 * exits 1 if any.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '../../server/core/config.js';
import { demoPassword } from '../helpers/auth.js';
import { launchChromium, viewports } from '../helpers/browser.js';

const langs = ['hy', 'en'] as const;

type Shot = { problems: string[]; outDir: string; prefix: string };

async function snap(page: Page, shot: Shot, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) shot.problems.push(`${shot.prefix}/${name}: ${overflow}px horizontal overflow`);
  const file = path.join(shot.outDir, `${shot.prefix}-console-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`${file}\n`);
}

async function shootOne(browser: Browser, baseUrl: string, shot: Shot, lang: string, viewport: { width: number; height: number }, credentials: [string, string]): Promise<void> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => shot.problems.push(`${shot.prefix}: page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) shot.problems.push(`${shot.prefix}: CSP: ${m.text()}`);
  });
  page.on('response', (r) => {
    // The login error and the refused term (member-edit-error) are answers the shots ask for.
    const expected = r.url().endsWith('/api/auth/me') || r.url().endsWith('/api/auth/login') || (r.status() === 400 && r.url().includes('/api/clerk/members/'));
    if (r.url().includes('/api/') && r.status() >= 400 && !expected) shot.problems.push(`${shot.prefix}: ${r.status()} from ${r.url()}`);
  });

  await page.goto(`${baseUrl}/console?lang=${lang}`);
  await page.waitForSelector('#login-username');
  await snap(page, shot, 'login');

  await page.fill('#login-username', credentials[0]);
  await page.fill('#login-password', 'not-the-password');
  await page.click('.console-login-form button[type=submit]');
  await page.waitForSelector('#login-error');
  await snap(page, shot, 'login-error');

  await page.fill('#login-password', credentials[1]);
  await page.click('.console-login-form button[type=submit]');
  await page.waitForSelector('.console-nav');
  await snap(page, shot, 'overview');

  await page.click('.console-nav a[href="/console/accounts"]');
  await page.waitForSelector('.account-card');
  await snap(page, shot, 'accounts');

  await page.click('.console-toolbar .button');
  await page.waitForSelector('#new-username');
  await page.fill('#new-username', 'a');
  await page.click('form[aria-labelledby="new-account-heading"] button[type=submit]');
  await page.check('#new-role-clerk');
  await snap(page, shot, 'accounts-new');
  await page.click('form[aria-labelledby="new-account-heading"] .button-secondary');

  await page.locator('.account-card .button-danger-outline').first().click();
  await page.waitForSelector('dialog[open]');
  await snap(page, shot, 'confirm-disable');
  await page.keyboard.press('Escape');

  await page.locator('.account-card .account-actions .button').first().click();
  await page.waitForSelector('.account-roles-form');
  await snap(page, shot, 'edit-roles');

  await page.click('.console-nav a[href="/console/audit"]');
  await page.waitForSelector('.audit-table');
  await snap(page, shot, 'audit');

  await shootRecords(page, baseUrl, shot);
  await context.close();
}

/** Bodies and members (forms, a refused term in the edit dialog), the public body page, and recordings. */
async function shootRecords(page: Page, baseUrl: string, shot: Shot): Promise<void> {
  await page.click('.console-nav a[href="/console/bodies"]');
  await page.waitForSelector('.body-card');
  await snap(page, shot, 'bodies');

  await page.click('.console-toolbar .button');
  await page.waitForSelector('#new-body-slug');
  await page.fill('#new-body-slug', 'Not A Slug');
  await page.click('form[aria-labelledby="new-body-heading"] button[type=submit]');
  await page.waitForSelector('#new-body-slug[aria-invalid="true"]');
  await snap(page, shot, 'bodies-new');
  await page.click('form[aria-labelledby="new-body-heading"] .button-secondary');

  await page.locator('.body-card a').first().click();
  await page.waitForSelector('.member-card');
  await snap(page, shot, 'body');

  await page.click('.records-block .console-toolbar .button');
  await page.waitForSelector('.records-form input[type=date]');
  await snap(page, shot, 'body-new-member');
  await page.locator('.records-form .button-secondary').last().click();

  await page.locator('.member-card .member-actions .button').first().click();
  await page.waitForSelector('dialog[open] input[type=date]');
  await page.locator('dialog[open] input[type=date]').last().fill('1999-01-01');
  await page.click('dialog[open] button[type=submit]');
  await page.waitForSelector('dialog[open] input[aria-invalid="true"]');
  await snap(page, shot, 'member-edit-error');
  await page.keyboard.press('Escape');

  await page.locator('.member-card .member-actions .button').nth(1).click();
  await page.waitForSelector('dialog[open] input[type=date]');
  await snap(page, shot, 'member-end-term');
  await page.keyboard.press('Escape');

  const slug = (await page.locator('.records-facts code').first().innerText()).trim();
  await page.goto(`${baseUrl}/bodies/${slug}`);
  await page.waitForSelector('.body-members');
  await snap(page, shot, 'public-body');

  await page.goto(`${baseUrl}/console/recordings`);
  await page.waitForSelector('.recording-card, .empty-state');
  await snap(page, shot, 'recordings');
  if (await page.locator('.recording-card').count()) {
    await page.locator('.recording-card .recording-actions a').first().click();
    await page.waitForSelector('#recording-heading');
    await snap(page, shot, 'recording');
  }
}

async function main(): Promise<number> {
  const [baseUrlArg, outDir, username = 'admin', given] = process.argv.slice(2);
  if (!baseUrlArg || !outDir) {
    process.stderr.write('usage: node --import tsx tests/e2e/console-screenshots.ts <baseUrl> <outDir> [username [password]]\n');
    return 2;
  }
  const password = given ?? demoPassword({ dataDir: path.resolve(projectRoot, process.env.DATA_DIR ?? 'data') }, username);
  const baseUrl = baseUrlArg.replace(/\/+$/, '');
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    for (const lang of langs) {
      for (const [viewportName, viewport] of Object.entries(viewports)) {
        const shot = { problems, outDir, prefix: `${lang}-${viewportName}` };
        await shootOne(browser, baseUrl, shot, lang, viewport, [username, password]);
      }
    }
  } finally {
    await browser.close();
  }
  for (const problem of problems) process.stderr.write(`problem: ${problem}\n`);
  return problems.length ? 1 : 0;
}

process.exitCode = await main();
