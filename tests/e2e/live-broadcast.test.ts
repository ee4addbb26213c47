import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, call } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, loginInPage, openTrackedPage } from '../helpers/webrtc.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let sessionId: number;
let studio: Page;
const residents: Page[] = [];

beforeAll(async () => {
  const camera = await fakeCameraFile();
  [server, browser] = await Promise.all([
    startServer(),
    launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] }),
  ]);
  sessionId = addSession(server);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

const openPage = (viewport: 'phone' | 'desktop' = 'desktop') => openTrackedPage(browser, contexts, viewport);

async function openResident(): Promise<Page> {
  const page = await openPage();
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  return page;
}

/** Video frames decoded keep growing, and audio packets arrive. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(10);
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before + 10);
  await expect.poll(async () => (await inbound(page)).audioPackets, { timeout: 10_000 }).toBeGreaterThan(20);
}

describe('live broadcast in Chromium', () => {
  it('shows residents when the session starts, then plays it after the operator goes live', async () => {
    residents.push(await openResident());
    await expect.poll(() => residents[0]!.locator('.live-player').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');
    expect(await residents[0]!.locator('.live-player').innerText()).toContain('The session starts at');

    studio = await openPage();
    await loginInPage(studio, server, 'operator');
    await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
    const goLive = studio.getByRole('button', { name: 'Go live' });
    await expect.poll(() => goLive.isEnabled(), { timeout: 20_000 }).toBe(true);
    await goLive.click();
    await expect.poll(() => studio.locator('.studio').getAttribute('data-status'), { timeout: 10_000 }).toBe('live');

    residents.push(await openResident());
    for (const page of residents) await expectPlaying(page);
    await expect.poll(() => studio.locator('.studio-viewers').innerText(), { timeout: 10_000 }).toBe('Viewers: 2');
    await expect.poll(async () => Number((await studio.getByTestId('bitrate').innerText()).split(' ')[0]), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('starts a resident who joins late', async () => {
    const t0 = Date.now();
    const late = await openResident();
    residents.push(late);
    await expect.poll(async () => (await inbound(late)).framesDecoded, { timeout: 20_000, interval: 50 }).toBeGreaterThan(0);
    // Reported, not asserted: timing belongs to the benchmarks (npm run bench -- latency).
    console.info(`late joiner: first frame decoded ${Date.now() - t0} ms after opening the page`);
    await expectPlaying(late);
  });

  it('comes back by itself after the media worker is killed, without reloading any page', async () => {
    const admin = await login(server, 'admin');
    const status = await call(server.url, admin, 'GET', '/api/media/status');
    const pid = status.body.workers[0].pid as number;
    for (const page of [studio, ...residents]) await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    const framesBefore = await Promise.all(residents.map(async (p) => (await inbound(p)).framesDecoded));

    process.kill(pid, 'SIGKILL');
    await expect.poll(async () => (await call(server.url, admin, 'GET', '/api/media/status')).body.workers[0]?.pid, { timeout: 15_000 }).not.toBe(pid);

    for (const [i, page] of residents.entries()) {
      // Stats restart on the new connection: playing again means frames beyond what the old one decoded.
      await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
      await expectPlaying(page);
      expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
      expect(framesBefore[i]).toBeGreaterThan(0);
    }
    expect(await studio.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
  });

  it('ends for everyone when the operator ends the session', async () => {
    studio.once('dialog', (d) => void d.accept());
    await studio.getByRole('button', { name: 'End session' }).click();
    for (const page of residents) {
      await expect.poll(() => page.locator('.live-player').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
      expect(await page.locator('.live-player').innerText()).toContain('The session has ended.');
    }
  });

  it('leaves no router or transport on the worker once every page is closed', async () => {
    for (const c of contexts.splice(0)) await c.close();
    const admin = await login(server, 'admin');
    await expect
      .poll(async () => (await call(server.url, admin, 'GET', '/api/media/status')).body.workers.map((w: { routers: number }) => w.routers), { timeout: 10_000 })
      .toEqual([0]);
  });
});
