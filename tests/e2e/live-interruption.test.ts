import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, demoIds } from '../helpers/signaling.js';
import { waitFor } from '../helpers/wait.js';
import { fakeCameraFile, inbound, loginInPage, openTrackedPage } from '../helpers/webrtc.js';

const MiB = 1024 * 1024;
/** RECORDING_MIN_FREE_MB for this test: small, so that a small tmpfs can be filled past it. */
const minFreeMb = 4;
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-small-disk-'));
const recordingsDir = path.join(mountPoint, 'recordings');

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let sessionId: number;
let studio: Page;
let resident: Page;
let consolePage: Page;

beforeAll(async () => {
  // A real file system to fill: a tmpfs six times the floor (we run as root).
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${minFreeMb * 6}m`, 'tmpfs', mountPoint]);
  fs.mkdirSync(recordingsDir);
  const camera = await fakeCameraFile();
  [server, browser] = await Promise.all([
    startServer({
      env: {
        RECORDINGS_DIR: recordingsDir,
        // The floor sized to the small tmpfs (the default is 200 MB).
        RECORDING_MIN_FREE_MB: String(minFreeMb),
        // Long enough for the studio to be opened again, shorter than the default 600 s in case it is not.
        LIVE_RESUME_GRACE_SEC: '120',
      },
    }),
    launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] }),
  ]);
  sessionId = addSession(server);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  execFileSync('umount', ['-l', mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const openPage = () => openTrackedPage(browser, contexts);

async function openStudio(): Promise<Page> {
  const page = await openPage();
  await loginInPage(page, server, 'operator');
  await page.goto(`${server.url}/studio/${sessionId}?lang=en`);
  return page;
}

async function framesGrow(page: Page) {
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(before + 10);
}

const playlist = () => {
  const file = path.join(recordingsDir, String(sessionId), 'source/index.m3u8');
  return fs.existsSync(file) ? parseMediaPlaylist(fs.readFileSync(file, 'utf8')) : { segments: [], ended: false };
};
const recordingLog = (s: TestServer) =>
  s.logs
    .filter((l) => /record|disk/i.test(String(l.msg)))
    .map((l) => `${String(l.time)} ${String(l.msg)} ${JSON.stringify({ ...l, msg: undefined, time: undefined, level: undefined, pid: undefined, hostname: undefined })}`)
    .join('\n');
const freeOnDisk = () => {
  const s = fs.statfsSync(mountPoint);
  return s.bavail * s.bsize;
};

describe('interruptions in Chromium', () => {
  it('shows the operator and the admin console an alarm while a full disk stops the recording, and clears it when space returns', async () => {
    studio = await openStudio();
    const goLive = studio.getByRole('button', { name: 'Go live' });
    await expect.poll(() => goLive.isEnabled(), { timeout: 20_000 }).toBe(true);
    await goLive.click();
    await expect.poll(() => studio.locator('.studio').getAttribute('data-status'), { timeout: 10_000 }).toBe('live');
    resident = await openPage();
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=hy`);
    await framesGrow(resident);
    consolePage = await openPage();
    await loginInPage(consolePage, server, 'admin');
    await consolePage.goto(`${server.url}/console?lang=en`);
    await consolePage.getByRole('heading', { level: 1 }).waitFor();
    await waitFor('two recorded segments', () => playlist().segments.length >= 2, 60_000);
    expect(await studio.getByTestId('recording-alarm').count()).toBe(0);

    // The demo recording's ladder is transcoded on the same small disk at start: a job that fails for lack of
    // space removes its partial renditions, freeing room the test means to keep filled. Fill after it is done.
    const demo = demoIds(server).endedSessionId;
    await waitFor('the demo recording ready', () => queryServerDb<{ status: string }>(server.dataDir, `SELECT status FROM recordings WHERE session_id = ${demo}`)[0]?.status === 'ready', 120_000);
    const filler = path.join(mountPoint, 'filler.bin');
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, freeOnDisk() - 2 * MiB)));
    const alarm = studio.getByTestId('recording-alarm');
    await alarm.waitFor({ timeout: 20_000 });
    expect(await alarm.getAttribute('role')).toBe('alert');
    expect(await alarm.innerText()).toContain('Recording stopped: the recordings disk is full');
    expect(await alarm.innerText()).toContain('4 MB needed');
    const consoleAlarm = consolePage.getByTestId('console-alarm');
    await consoleAlarm.waitFor({ timeout: 10_000 });
    expect(await consoleAlarm.innerText()).toContain('Recording of “Test council” stopped: the recordings disk is full');
    expect(await consolePage.getByRole('link', { name: 'Open the studio' }).getAttribute('href')).toBe(`/studio/${sessionId}`);
    expect(await seriousViolations(studio)).toEqual([]);
    expect(await seriousViolations(consolePage)).toEqual([]);
    // The broadcast goes on, and residents are not shown the disk.
    await framesGrow(resident);
    expect(await resident.getByText('սկավառակ').count()).toBe(0);
    // The alarm goes out with the recorder's alert; the row is marked in the same turn of the recordings
    // service, which on a loaded machine may come a moment later: poll for it.
    await expect
      .poll(() => queryServerDb<{ status: string; reason: string }>(server.dataDir, `SELECT status, reason FROM recordings WHERE session_id = ${sessionId}`), { timeout: 10_000 })
      .toEqual([{ status: 'interrupted', reason: 'disk_full' }])
      .catch((error: unknown) => {
        // What the recorder and the recordings service said, for whoever reads a failure.
        console.error(recordingLog(server));
        throw error;
      });

    fs.rmSync(filler);
    await alarm.waitFor({ state: 'detached', timeout: 20_000 });
    await consoleAlarm.waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('tells residents the broadcast is interrupted when the studio tab closes, and plays again when the operator comes back', async () => {
    await studio.context().close();
    const note = resident.locator('.live-interrupted');
    await note.waitFor({ timeout: 20_000 });
    expect(await note.innerText()).toContain('Հեռարձակումն ընդհատվել է');
    expect(await note.innerText()).toContain('կվերսկսվի');
    expect(await seriousViolations(resident)).toEqual([]);

    studio = await openStudio();
    await expect.poll(() => studio.locator('.studio').getAttribute('data-status'), { timeout: 20_000 }).toBe('live');
    await note.waitFor({ state: 'detached', timeout: 20_000 });
    await framesGrow(resident);
    expect(queryServerDb<{ n: number }>(server.dataDir, `SELECT count(*) AS n FROM recordings WHERE session_id = ${sessionId}`)[0]!.n).toBe(1);

    studio.once('dialog', (d) => void d.accept());
    await studio.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => resident.locator('.live-player').getAttribute('data-state'), { timeout: 15_000 }).toBe('ended');
  });
});
