import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { runScript } from '../helpers/cli.js';
import { startServer, type TestServer } from '../helpers/server.js';

const adminPassword = 'anahit-first-admin-pass';
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-console-'));
  const created = await runScript('create-admin', ['anahit'], {
    env: { DATA_DIR: dataDir, DEMO_CONTENT: 'false' },
    stdin: `${adminPassword}\n`,
  });
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  // A real install (the README's "For real use"): only the administrator created above, no demo content.
  [server, browser] = await Promise.all([startServer({ dataDir, env: { DEMO_CONTENT: 'false' } }), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that records page errors and Content Security Policy violations. */
async function openPage(viewport: 'phone' | 'desktop' = 'desktop') {
  const context = await newContext(browser, viewport);
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  const cspViolations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  return { context, page, problems, cspViolations };
}

/** Fills and sends the login form, and waits until the form has taken the server's answer in. */
async function logIn(page: Page, username: string, password: string, labels = { user: 'Օգտանուն', pass: 'Գաղտնաբառ', submit: 'Մուտք' }) {
  await page.getByLabel(labels.user, { exact: true }).fill(username);
  await page.getByLabel(labels.pass, { exact: true }).fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
  const submit = page.getByRole('button', { name: labels.submit, exact: true });
  await submit.click();
  expect((await answered).status()).toBeGreaterThan(0);
  await expect.poll(async () => (await submit.count()) === 0 || (await submit.isEnabled())).toBe(true);
}

const consoleNav = (page: Page) => page.getByRole('navigation', { name: 'Վահանակի բաժիններ' });

describe('staff console in Chromium', () => {
  it('lets a new municipality log in as its first admin, create a clerk, and log in as the clerk', async () => {
    const { context, page, problems, cspViolations } = await openPage('desktop');
    await page.goto(server.url + '/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Աշխատակազմի մուտք' }).click();
    await expect.poll(() => page.url()).toBe(server.url + '/console');
    await page.getByRole('heading', { level: 1, name: 'Աշխատակազմի մուտք' }).waitFor();

    await logIn(page, 'anahit', adminPassword);
    await expect.poll(() => page.locator('.console-who').innerText()).toContain('anahit');
    await consoleNav(page).getByRole('link', { name: 'Հաշիվներ', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Հաշիվներ' }).waitFor();

    await page.getByRole('button', { name: 'Նոր հաշիվ' }).click();
    await page.getByLabel('Օգտանուն', { exact: true }).fill('gayane');
    await page.getByLabel('Անուն, ազգանուն').fill('Գայանե Սարգսյան');
    await page.getByLabel('Սկզբնական գաղտնաբառ').fill('gayane-clerk-pass');
    await page.getByRole('checkbox', { name: 'Քարտուղար' }).check();
    // A fresh installation has no bodies yet: the clerk's role covers all bodies.
    expect(await page.getByLabel('Քարտուղար: Կառույց').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Ստեղծել հաշիվ' }).click();

    await page.getByText('Ստեղծվեց gayane հաշիվը։').waitFor();
    const card = page.getByRole('article', { name: 'gayane' });
    await expect.poll(() => card.innerText()).toContain('Քարտուղար · բոլոր կառույցները');
    expect(await card.innerText()).toContain('Գայանե Սարգսյան');

    await page.getByRole('button', { name: 'Ելք' }).click();
    await page.getByText('Դուք դուրս եկաք համակարգից։').waitFor();
    expect(await page.evaluate(() => fetch('/api/auth/me').then((r) => r.status))).toBe(401);

    // Logging out left the address at /console/accounts, which the clerk may not open.
    await logIn(page, 'gayane', 'gayane-clerk-pass');
    await expect.poll(() => page.locator('.console-who').innerText()).toContain('Գայանե Սարգսյան (gayane)');
    await page.getByText('Ձեր դերերը այս բաժին մուտք չեն տալիս։').waitFor();
    const sections = await consoleNav(page).getByRole('link').allInnerTexts();
    expect(sections).toContain('Ընդհանուր');
    expect(sections).not.toContain('Հաշիվներ');
    expect(sections).not.toContain('Աուդիտի մատյան');
    await consoleNav(page).getByRole('link', { name: 'Ընդհանուր' }).click();
    await expect.poll(() => page.locator('.console-grants').innerText()).toContain('Քարտուղար · բոլոր կառույցները');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('says clearly when the password is wrong, and when too many attempts lock an account', async () => {
    const { context, page, problems } = await openPage('phone');
    await page.goto(server.url + '/console');
    await logIn(page, 'anahit', 'not-her-password');
    const alert = page.locator('#login-error');
    await expect.poll(() => alert.innerText()).toContain('Օգտանունը կամ գաղտնաբառը սխալ է։');
    const password = page.getByLabel('Գաղտնաբառ', { exact: true });
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('login-password');

    await page.goto(server.url + '/console?lang=en');
    const en = { user: 'Username', pass: 'Password', submit: 'Log in' };
    for (let attempt = 0; attempt < 5; attempt++) {
      await logIn(page, 'ghost', `wrong-${attempt}`, en);
      await expect.poll(() => alert.innerText()).toContain('The username or password is wrong.');
    }
    await logIn(page, 'ghost', 'wrong-again', en);
    await expect.poll(() => alert.innerText()).toMatch(/Too many failed attempts\. Try again in 15 minutes/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the account's creation in the audit log, and filters it by action", async () => {
    const admin = await login(server, 'anahit', adminPassword);
    const created = await call(server.url, admin, 'POST', '/api/admin/accounts', {
      username: 'aram',
      displayName: 'Արամ',
      password: 'aram-archivist-pass',
      grants: [{ role: 'archivist', bodyId: null }],
    });
    expect(created.status).toBe(201);

    const { context, page, problems } = await openPage('desktop');
    await page.goto(server.url + '/console/audit?lang=en');
    await logIn(page, 'anahit', adminPassword, { user: 'Username', pass: 'Password', submit: 'Log in' });
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'account aram' });
    await expect.poll(() => row.innerText()).toMatch(/anahit\s+Created an account\s+Archivist · all bodies\s+account aram/);

    await page.getByLabel('Action').selectOption('account.create');
    await expect.poll(() => page.url()).toContain('action=account.create');
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.allInnerTexts()).not.toContainEqual(expect.stringContaining('Logged in'));
    const texts = await rows.allInnerTexts();
    expect(texts[0]).toContain('account aram');
    for (const text of texts) expect(text).toContain('Created an account');
    // The first administrator was made by create-admin, not by a person in the console.
    expect(texts.at(-1)).toMatch(/the system\s+Created an account\s+Administrator · all bodies\s+account anahit/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('disables an account after confirmation, so that it can no longer log in', async () => {
    const admin = await login(server, 'anahit', adminPassword);
    await call(server.url, admin, 'POST', '/api/admin/accounts', {
      username: 'levon',
      password: 'levon-staff-pass',
      grants: [{ role: 'staff', bodyId: null }],
    });
    const { context, page, problems } = await openPage('phone');
    await page.goto(server.url + '/console/accounts?lang=en');
    await logIn(page, 'anahit', adminPassword, { user: 'Username', pass: 'Password', submit: 'Log in' });
    const card = page.getByRole('article', { name: 'levon' });
    await card.getByRole('button', { name: 'Disable levon' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable the account levon?' });
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await card.getByText('The account levon was disabled and its open logins were ended.').waitFor();
    expect(await card.innerText()).toContain('Disabled');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Enable levon');

    const refused = await call(server.url, null, 'POST', '/api/auth/login', { username: 'levon', password: 'levon-staff-pass' });
    expect(refused.status).toBe(403);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('unlocks an account that too many failed logins have locked', async () => {
    const admin = await login(server, 'anahit', adminPassword);
    await call(server.url, admin, 'POST', '/api/admin/accounts', { username: 'sona', password: 'sona-moderator-pass' });
    for (let attempt = 0; attempt < 5; attempt++) {
      await call(server.url, null, 'POST', '/api/auth/login', { username: 'sona', password: `guess-${attempt}` });
    }
    expect((await call(server.url, null, 'POST', '/api/auth/login', { username: 'sona', password: 'sona-moderator-pass' })).status).toBe(429);

    const { context, page, problems } = await openPage('desktop');
    await page.goto(server.url + '/console/accounts?lang=en');
    await logIn(page, 'anahit', adminPassword, { user: 'Username', pass: 'Password', submit: 'Log in' });
    const card = page.getByRole('article', { name: 'sona' });
    await expect.poll(() => card.innerText()).toContain('Locked');
    await card.getByRole('button', { name: 'Unlock sona' }).click();
    await card.getByText('The account sona was unlocked.').waitFor();
    expect(await card.innerText()).not.toContain('Locked');
    expect((await call(server.url, null, 'POST', '/api/auth/login', { username: 'sona', password: 'sona-moderator-pass' })).status).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('runs under the strict Content Security Policy: no inline style or script, no eval', async () => {
    const { context, page, problems, cspViolations } = await openPage('phone');
    await page.goto(server.url + '/console');
    await logIn(page, 'anahit', adminPassword);
    await consoleNav(page).getByRole('link', { name: 'Հաշիվներ', exact: true }).click();
    await page.getByRole('button', { name: 'Նոր հաշիվ' }).click();
    await page.getByRole('checkbox', { name: 'Քարտուղար' }).check();
    await page.getByRole('button', { name: 'Նոր գաղտնաբառ anahit' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Չեղարկել' }).click();
    await consoleNav(page).getByRole('link', { name: 'Աուդիտի մատյան' }).click();
    await page.locator('.audit-table').waitFor();
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    await context.close();
  });
});
