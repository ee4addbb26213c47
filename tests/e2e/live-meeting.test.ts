import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { call, login } from '../helpers/auth.js';
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
  await loginInPage(page, server, username);
  await page.goto(`${server.url}/meet/${meetingId}?lang=en`);
  return page;
}

describe('private meeting in Chromium', () => {
  it('lets three staff members each see and hear the other two, the host mute, record (everyone sees it, only staff can play it) and end it', async () => {
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

    // Only the host records; everyone sees that the meeting is being recorded.
    expect(await staff.getByRole('button', { name: 'Start recording' }).count()).toBe(0);
    expect(await staff.locator('.meeting-recording').count()).toBe(0);
    await host.getByRole('button', { name: 'Start recording' }).click();
    for (const page of pages) {
      await expect.poll(() => page.locator('.meeting-recording-badge').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('.meeting-recording-badge').innerText()).toContain('Recording');
    }
    expect(await host.getByRole('button', { name: 'Stop recording' }).getAttribute('aria-pressed')).toBe('true');
    const playlistFile = path.join(server.recordingsDir, String(meetingId), 'source/index.m3u8');
    const recorded = () => (fs.existsSync(playlistFile) ? parseMediaPlaylist(fs.readFileSync(playlistFile, 'utf8')).segments.length : 0);
    await expect.poll(recorded, { timeout: 45_000, interval: 500 }).toBeGreaterThanOrEqual(2);

    host.once('dialog', (d) => void d.accept());
    await host.getByRole('button', { name: 'End meeting' }).click();
    for (const page of pages) {
      await expect.poll(() => page.locator('.meeting').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    }

    // The recording is private to the body: staff play it, a resident finds nothing.
    await expect.poll(() => parseMediaPlaylist(fs.readFileSync(playlistFile, 'utf8')).ended, { timeout: 10_000 }).toBe(true);
    const url = `/recordings/${meetingId}/source/index.m3u8`;
    const staffLogin = await login(server, 'staff');
    const vod = await call(server.url, staffLogin, 'GET', url);
    expect(vod.status).toBe(200);
    const first = parseMediaPlaylist(String(vod.body)).segments[0]!;
    expect((await call(server.url, staffLogin, 'GET', `/recordings/${meetingId}/source/${first.uri}`)).status).toBe(200);
    expect((await call(server.url, null, 'GET', url)).status).toBe(404);
    expect((await call(server.url, null, 'GET', `/recordings/${meetingId}/source/${first.uri}`)).status).toBe(404);
  });
});
