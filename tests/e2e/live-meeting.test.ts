import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, loginInPage, trackPeerConnections } from '../helpers/webrtc.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const camera = await fakeCameraFile(320, 180, 2, 15);
  [server, browser] = await Promise.all([
    startServer(),
    launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] }),
  ]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function participant(username: string, meetingId: number): Promise<Page> {
  const context = await newContext(browser, 'desktop');
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  await loginInPage(page, server.url, username);
  await page.goto(`${server.url}/meet/${meetingId}?lang=en`);
  return page;
}

describe('private meeting in Chromium', () => {
  it('lets three staff members each see and hear the other two, and the host end it', async () => {
    const meetingId = addSession(server, { kind: 'meeting' });
    const pages = [await participant('clerk', meetingId), await participant('staff', meetingId), await participant('operator', meetingId)];
    for (const page of pages) {
      await expect.poll(async () => (await inbound(page)).videoStreams, { timeout: 30_000 }).toBe(2);
      await expect.poll(async () => (await inbound(page)).audioStreams, { timeout: 15_000 }).toBe(2);
      await expect.poll(() => page.locator('.meeting-tile').count()).toBe(3);
    }
    const [host, staff] = pages as [Page, Page, Page];
    expect(await staff.getByRole('button', { name: 'End meeting' }).count()).toBe(0);

    await host.getByRole('button', { name: 'Mute staff' }).click();
    await expect.poll(() => staff.locator('.meeting-status').innerText(), { timeout: 10_000 }).toContain('clerk muted your microphone.');
    await expect.poll(() => host.locator('.meeting-tile', { hasText: 'staff' }).innerText(), { timeout: 10_000 }).toContain('Microphone off');

    host.once('dialog', (d) => void d.accept());
    await host.getByRole('button', { name: 'End meeting' }).click();
    for (const page of pages) {
      await expect.poll(() => page.locator('.meeting').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    }
  });
});
