import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { expectNoSeriousViolations, logInToConsole } from '../helpers/console.js';
import { newContext } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import { demoCouncil, importedRecording } from '../helpers/retention.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

const logIn = (page: Page, path: string, username: string) => logInToConsole(page, server, path, username);
const noSeriousViolations = expectNoSeriousViolations;

describe('retention in the console', () => {
  it("lets an admin set a body's rule, and an archivist see what is due and hold it", { timeout: 120_000 }, async () => {
    const [admin, clerk] = await Promise.all([login(server, 'admin'), login(server, 'clerk')]);
    // A private meeting of 2020, recorded: years older than the rule below.
    const { recordingId } = await importedRecording(server, clerk, { slug: demoCouncil, title: 'Փակ խորհրդակցություն 2020', date: '2020-03-02', seconds: 2, visibility: 'private' });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // The admin's body form: the rule is checked by the contract before anything is sent.
    await logIn(page, '/console/bodies?lang=en', 'admin');
    await page.getByRole('link', { name: 'Ashtarak Community Council' }).click();
    await page.getByRole('button', { name: 'Edit body' }).click();
    const rule = page.getByLabel('Delete private recordings after (days)');
    await rule.fill('-3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Enter a whole number of days from 1 to 36500, or leave it empty.').waitFor();
    expect(await rule.getAttribute('aria-invalid')).toBe('true');
    expect(queryServerDb(server.dataDir, 'SELECT retention_days FROM bodies WHERE slug = ?', demoCouncil)).toEqual([{ retention_days: null }]);
    await rule.fill('90');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Edit body' }).waitFor();
    expect(queryServerDb(server.dataDir, 'SELECT retention_days FROM bodies WHERE slug = ?', demoCouncil)).toEqual([{ retention_days: 90 }]);
    await context.clearCookies();

    await logIn(page, '/console/retention?lang=en', 'archivist');
    await page.getByRole('heading', { level: 1, name: 'Scheduled deletions' }).waitFor();
    const due = page.getByTestId('retention-due');
    const card = due.getByRole('article', { name: 'Փակ խորհրդակցություն 2020' });
    await card.getByText('Deleted at the next hourly sweep').waitFor();
    await card.getByText('Rule: 90 days after recording').waitFor();
    await noSeriousViolations(page);

    await card.getByRole('button', { name: 'Hold' }).click();
    const held = page.getByTestId('retention-held').getByRole('article', { name: 'Փակ խորհրդակցություն 2020' });
    await held.getByText(/^Held by archivist on /).waitFor();
    await expect.poll(() => due.count()).toBe(0);
    await page.getByText('No recording is to be deleted in the next 30 days.').waitFor();
    expect(queryServerDb(server.dataDir, 'SELECT account_id FROM recording_holds WHERE recording_id = ?', recordingId)).toHaveLength(1);
    await noSeriousViolations(page);

    // Held, the sweep keeps it.
    expect((await call(server.url, admin, 'POST', '/api/retention/sweep')).body.deleted).toEqual([]);
    await held.getByRole('button', { name: 'Release' }).click();
    await page.getByTestId('retention-due').getByRole('article', { name: 'Փակ խորհրդակցություն 2020' }).waitFor();
    expect(queryServerDb(server.dataDir, 'SELECT 1 FROM recording_holds')).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
