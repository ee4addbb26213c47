import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { newContext } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { submitLoginForm } from '../helpers/console.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { login } from '../helpers/auth.js';
import { addSession, connect, demoIds, ok } from '../helpers/signaling.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

async function logInAsClerk(page: Page) {
  await page.goto(`${server.url}/console/sessions?lang=en`);
  await submitLoginForm(page, server, 'clerk');
  await page.getByRole('heading', { name: 'New session' }).waitFor();
}

const agendaOf = (id: number) => queryServerDb<{ title: string }>(server.dataDir, 'SELECT title FROM agenda_items WHERE session_id = ? ORDER BY position', id).map((r) => r.title);

describe('the clerk console', () => {
  it('creates a session, builds its agenda and reorders it with the keyboard, without accessibility errors', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await logInAsClerk(page);
    await page.getByLabel('Title', { exact: true }).fill('Ավագանու նիստ՝ կանաչապատում');
    await page.getByLabel('Starts (Yerevan time)').fill('2026-12-15T11:00');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/console\/sessions\/\d+/);
    const id = Number(/\/sessions\/(\d+)/.exec(page.url())![1]);
    expect(queryServerDb<{ starts_at: string }>(server.dataDir, 'SELECT starts_at FROM sessions WHERE id = ?', id)[0]!.starts_at).toBe('2026-12-15T07:00:00.000Z');

    for (const title of ['Ծառատունկ', 'Ջրցան համակարգ']) {
      await page.locator('#new-title').fill(title);
      await page.getByRole('button', { name: 'Add item' }).click();
      await expect.poll(() => agendaOf(id)).toContain(title);
      await expect.poll(() => page.locator('#new-title').inputValue()).toBe('');
    }
    const down = page.getByRole('button', { name: 'Move down: Ծառատունկ' });
    await down.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => agendaOf(id)).toEqual(['Ջրցան համակարգ', 'Ծառատունկ']);
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('is now number 2');

    const violations = await seriousViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes)}`)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an archivist add captions that residents can then search', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const ended = demoIds(server).endedSessionId;
    await page.goto(`${server.url}/console/recordings/${ended}?lang=en`);
    await submitLoginForm(page, server, 'archivist');
    const file = page.getByLabel('Import a .vtt file');
    await expect.poll(() => file.isEnabled(), { timeout: 15_000 }).toBe(true);
    await file.setInputFiles({ name: 'captions.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:03.000 --> 00:00:06.000\nԼուսավորության ցանցի ընդլայնում\n') });
    await page.getByRole('button', { name: 'Save captions' }).click();
    await expect.poll(async () => {
      const r = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent('լուսավոր')}`)).json()) as { items: { kind: string; startSec: number }[] };
      return r.items.find((h) => h.kind === 'caption')?.startSec;
    }, { timeout: 10_000 }).toBe(3);
    expect(await page.getByRole('button', { name: 'Add item' }).count()).toBe(0); // clerk-only forms are not offered
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([]);
    await context.close();
  });

  it('marks the item under discussion with one click during a live session', async () => {
    const id = addSession(server);
    const operator = await connect(server.url, await login(server, 'operator'));
    await ok(operator, 'session:go-live', { sessionId: id });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await logInAsClerk(page);
    await page.goto(`${server.url}/console/sessions/${id}?lang=en`);
    for (const title of ['Բացում', 'Հաշվետվություն']) {
      await page.locator('#new-title').fill(title);
      await page.getByRole('button', { name: 'Add item' }).click();
      await expect.poll(() => agendaOf(id)).toContain(title);
      await expect.poll(() => page.locator('#new-title').inputValue()).toBe('');
    }
    await page.getByRole('button', { name: 'Now discussing' }).nth(1).click();
    await expect.poll(() => queryServerDb<{ c: number | null }>(server.dataDir, 'SELECT current_agenda_item_id AS c FROM sessions WHERE id = ?', id)[0]!.c).not.toBeNull();
    await expect.poll(() => page.getByRole('button', { name: 'Now discussing' }).nth(1).getAttribute('aria-pressed')).toBe('true');
    operator.disconnect();
    await context.close();
  });
});
