import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { demoPassword, type ServerRef } from './auth.js';
import { seriousViolations } from './axe.js';

/** Fills the console's login form as a person does (the page shows it where a login is needed) and sends it. */
export async function submitLoginForm(page: Page, server: ServerRef, username: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(demoPassword(server, username));
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
}

/** Opens a console page logged out, logs in through its form, and waits for the console's navigation. */
export async function logInToConsole(page: Page, server: ServerRef, path: string, username: string): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await submitLoginForm(page, server, username);
  await page.locator('.console-nav').waitFor();
}

/** No serious or critical axe findings on the page, each finding named with its nodes when there are. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  expect((await seriousViolations(page)).map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes)}`)).toEqual([]);
}
