import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { call, login } from '../helpers/auth.js';
import { addSession, connect, ok } from '../helpers/signaling.js';
import { demoIds } from '../helpers/signaling.js';

let server: TestServer;
let browser: Browser;
let ended: number;

async function waitForRecording(id: number) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const detail = (await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { recording: { status: string } | null };
    if (detail.recording?.status === 'ready') return;
    if (Date.now() > deadline) throw new Error(`the demo recording is not ready: ${JSON.stringify(detail.recording)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  ended = demoIds(server).endedSessionId;
  await waitForRecording(ended);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForSelector('h1', { timeout: 10_000 });
  await page.waitForFunction(() => !document.querySelector('.skeleton, .session-skeleton'), null, { timeout: 10_000 });
}

const videoTime = (page: Page) => page.evaluate(() => document.querySelector('video')!.currentTime);

describe('the session page plays the agenda as chapters', () => {
  it('seeks the player to an agenda item when it is clicked, and highlights it', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const detail = (await (await fetch(`${server.url}/api/sessions/${ended}`)).json()) as { agenda: { title: string; startSec: number }[] };
    const second = detail.agenda[1]!;
    expect(second.startSec).toBeGreaterThan(0);
    await page.goto(`${server.url}/sessions/${ended}`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, null, { timeout: 20_000 });
    await page.locator('.chapter-agenda').getByRole('button', { name: new RegExp(second.title.slice(0, 20)) }).click();
    await expect.poll(() => videoTime(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(second.startSec - 0.1);
    expect(await videoTime(page)).toBeLessThan(second.startSec + 3);
    await expect.poll(() => page.locator('.chapter-agenda [aria-current="true"]').innerText()).toContain(second.title);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('starts at ?t= and offers a link to the moment', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${ended}?t=7&lang=en`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, null, { timeout: 20_000 });
    await expect.poll(() => videoTime(page)).toBeGreaterThanOrEqual(6.9);
    expect(await page.getByLabel('Link to this moment').inputValue()).toMatch(new RegExp(`/sessions/${ended}\\?t=7$`));
    await context.close();
  });

  it('shows each member’s vote and finds Armenian words by prefix in the archive', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${ended}?lang=en`);
    await page.getByText('How each member voted').click();
    await expect.poll(() => page.locator('.roll-call table').innerText()).toContain('Absent');
    await page.goto(`${server.url}/archive?q=${encodeURIComponent('ջրամատակարար')}`);
    const hit = page.locator('.hit-link').first();
    await expect.poll(() => hit.getAttribute('href')).toMatch(/^\/sessions\/\d+(\?t=\d+)?$/);
    await context.close();
  });

  it('is operable with the keyboard: Tab reaches an agenda chapter, Enter seeks', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${ended}`);
    await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1, null, { timeout: 20_000 });
    const buttons = page.locator('.chapter-link');
    await buttons.nth(1).focus();
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(() => videoTime(page)).toBeGreaterThan(1);
    await context.close();
  });
});

describe('a live session page', () => {
  it('shows the item under discussion and each decision and vote as the clerk enters them, without reloading', async () => {
    const [clerk, operator] = await Promise.all([login(server, 'clerk'), login(server, 'operator')]);
    const id = addSession(server);
    const item = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/agenda`, { number: '1', title: 'Ծառատունկի ծրագիր' })).body as { id: number };
    const op = await connect(server.url, operator);
    await ok(op, 'session:go-live', { sessionId: id });
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${id}?lang=en`);
    await page.getByRole('heading', { name: 'Agenda' }).waitFor();
    await page.waitForTimeout(1000); // the page's socket joins the session
    const desk = await connect(server.url, clerk);
    await ok(desk, 'agenda:activate', { sessionId: id, agendaItemId: item.id });
    await expect.poll(() => page.locator('[aria-current="true"]').innerText(), { timeout: 10_000 }).toContain('Now discussing');
    const members = (await call(server.url, clerk, 'GET', `/api/clerk/sessions/${id}`)).body.roll as { id: number }[];
    const decision = (await call(server.url, clerk, 'POST', `/api/clerk/sessions/${id}/decisions`, { number: '9', title: 'Ծառատունկի ծրագրի հաստատում', outcome: 'adopted', agendaItemId: item.id })).body;
    await expect.poll(() => page.locator('.decisions').innerText(), { timeout: 10_000 }).toContain('Ծառատունկի ծրագրի հաստատում');
    await call(server.url, clerk, 'PUT', `/api/clerk/decisions/${decision.id}/votes/${members[0]!.id}`, { choice: 'against' });
    await expect.poll(() => page.locator('.vote-against dd').innerText(), { timeout: 10_000 }).toBe('1');
    op.disconnect();
    desk.disconnect();
    await context.close();
  });
});

describe('accessibility (axe-core): no serious or critical violations', () => {
  const pages = () => [
    ['home', '/'],
    ['session', `/sessions/${ended}`],
    ['scheduled session', `/sessions/${demoIds(server).scheduledSessionId}`],
    ['archive', '/archive'],
    ['search', `/archive?q=${encodeURIComponent('բյուջե')}`],
    ['body', '/bodies/ashtarak-council'],
    ['embed', `/embed/${ended}`],
  ];
  it.each(['hy', 'en'])('every public page in %s, phone and desktop', async (lang) => {
    const found: string[] = [];
    for (const viewport of ['phone', 'desktop'] as const) {
      const context = await newContext(browser, viewport);
      const page = await context.newPage();
      for (const [name, path] of pages()) {
        await page.goto(`${server.url}${path}${path!.includes('?') ? '&' : '?'}lang=${lang}`);
        await settle(page);
        for (const v of await seriousViolations(page)) found.push(`${viewport} ${name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
      }
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
