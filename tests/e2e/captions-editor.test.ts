import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { login } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { submitLoginForm } from '../helpers/console.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';
import { sleep } from '../helpers/wait.js';

let server: TestServer;
let browser: Browser;
let ended: number;
let recordingId: number;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  ended = demoIds(server).endedSessionId;
  recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', ended)[0]!.id;
  // The demo recording's ladder is made by a job after start-up (it replaces the session's folder).
  const deadline = Date.now() + 110_000;
  while (queryServerDb<{ status: string }>(server.dataDir, 'SELECT status FROM recordings WHERE id = ?', recordingId)[0]!.status !== 'ready') {
    if (Date.now() > deadline) throw new Error('the demo recording did not become ready');
    await sleep(250);
  }
  const archivist = await login(server, 'archivist');
  const put = await fetch(`${server.url}/api/archive/recordings/${recordingId}/captions/hy`, {
    method: 'PUT',
    headers: { 'content-type': 'text/vtt', cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken },
    body: 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nԲարև ձեզ։\n\n00:00:04.000 --> 00:00:07.000\nԱնցնում ենք առաջին հարցին։\n',
  });
  expect(put.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const searchCaption = async (q: string) => {
  const r = (await (await fetch(`${server.url}/api/search?q=${encodeURIComponent(q)}`)).json()) as { items: { kind: string; startSec: number; sessionId: number }[] };
  return r.items.find((h) => h.kind === 'caption' && h.sessionId === ended);
};
const captionFile = () => queryServerDb<{ vtt_path: string }>(server.dataDir, "SELECT vtt_path FROM captions WHERE lang = 'hy'")[0]?.vtt_path;

describe('the cue-level caption editor', () => {
  it('edits a cue beside the recording, refuses invalid cues, saves, and the public player and search show the new text', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/console/recordings/${ended}?lang=en`);
    await submitLoginForm(page, server, 'archivist');

    const editor = page.getByRole('region', { name: 'Captions' });
    const video = editor.locator('video');
    const videoTime = () => video.evaluate((v: HTMLVideoElement) => v.currentTime);
    const cue = (n: number) => editor.locator(`li[data-cue="${n}"]`);
    await cue(2).waitFor({ timeout: 20_000 });
    expect(await cue(1).locator('textarea').inputValue()).toBe('Բարև ձեզ։');
    expect(await cue(2).getByLabel('Start', { exact: true }).inputValue()).toBe('00:04.000');

    // Clicking a cue seeks the recording there.
    await video.evaluate((v: HTMLVideoElement) => (v.muted = true));
    await cue(2).getByRole('button', { name: /Play from/ }).click();
    await expect.poll(() => videoTime(), { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    await video.evaluate((v: HTMLVideoElement) => v.pause());

    // An empty text and an end before the start are shown on their row and nothing is sent.
    const before = captionFile();
    const audits = countRows(server.dataDir, 'audit_log');
    await cue(2).locator('textarea').fill('');
    await cue(2).getByLabel('End', { exact: true }).fill('0:03');
    await page.getByRole('button', { name: 'Save captions' }).click();
    await expect.poll(() => cue(2).locator('.field-error').allInnerTexts()).toEqual(['The end must come after the start.', 'Write the caption text.']);
    await page.getByText('Fix the cues marked in red before saving.').waitFor();
    expect(await cue(2).getByLabel('End', { exact: true }).evaluate((e) => e === document.activeElement)).toBe(true);
    expect(captionFile()).toBe(before);
    expect(countRows(server.dataDir, 'audit_log')).toBe(audits);

    await cue(2).getByLabel('End', { exact: true }).fill('0:07.5');
    await cue(2).locator('textarea').fill('Անցնում ենք կանաչապատման հարցին։');
    expect(await cue(2).locator('.field-error').count()).toBe(0);
    await page.getByText('Unsaved changes').waitFor();

    // Alt+N adds a cue at the current time (in order) and puts the cursor in its text.
    await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 9));
    await expect.poll(() => page.getByRole('button', { name: /^Add a cue at 00:09/ }).count()).toBe(1);
    await page.keyboard.press('Alt+KeyN');
    await cue(3).waitFor();
    await page.keyboard.type('Լուսավորության ցանց');
    expect(await cue(3).getByLabel('Start', { exact: true }).inputValue()).toMatch(/^00:09\.\d{3}$/);

    await page.getByRole('button', { name: 'Save captions' }).click();
    await editor.getByText('Captions saved.').waitFor();
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    await expect.poll(async () => (await searchCaption('կանաչապատ'))?.startSec).toBe(4);
    expect((await searchCaption('լուսավոր'))?.startSec).toBeCloseTo(9, 0);
    expect(captionFile()).not.toBe(before);
    expect(errors).toEqual([]);
    expect((await seriousViolations(page)).map((v) => v.id)).toEqual([]);
    await context.close();

    // The public session page's player: the captions menu lists Armenian once, and it shows the edited cue.
    const publicContext = await newContext(browser, 'phone');
    const pub = await publicContext.newPage();
    pub.on('pageerror', (e) => errors.push(e.message));
    await pub.goto(`${server.url}/sessions/${ended}?lang=hy&t=4`);
    const menu = pub.locator('.player-bar label', { hasText: 'Ենթագրեր' }).locator('select');
    await expect.poll(() => menu.locator('option').allInnerTexts(), { timeout: 20_000 }).toEqual(['Անջատված', 'Հայերեն']);
    expect(await menu.inputValue()).toBe('0');
    await pub.locator('video').evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      void v.play();
    });
    const shown = () =>
      pub.locator('video').evaluate((v: HTMLVideoElement) => {
        const tracks = Array.from(v.textTracks).filter((t) => t.kind === 'subtitles' || t.kind === 'captions');
        return {
          langs: tracks.map((t) => t.language),
          showing: tracks.filter((t) => t.mode === 'showing').flatMap((t) => Array.from(t.cues ?? []).map((c) => (c as VTTCue).text)),
        };
      });
    await expect.poll(async () => (await shown()).showing, { timeout: 20_000 }).toContain('Անցնում ենք կանաչապատման հարցին։');
    expect((await shown()).langs).toEqual(['hy']);

    // In English the Armenian captions are offered but off until chosen.
    await pub.goto(`${server.url}/sessions/${ended}?lang=en&t=4`);
    const enMenu = pub.locator('.player-bar label', { hasText: 'Captions' }).locator('select');
    await expect.poll(() => enMenu.locator('option').allInnerTexts(), { timeout: 20_000 }).toEqual(['Off', 'Հայերեն']);
    expect(await enMenu.inputValue()).toBe('-1');
    await pub.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r, { once: true }))));
    expect((await shown()).showing).toEqual([]);
    await enMenu.selectOption({ label: 'Հայերեն' });
    await expect.poll(async () => (await shown()).showing, { timeout: 20_000 }).toContain('Անցնում ենք կանաչապատման հարցին։');
    expect(errors).toEqual([]);
    await publicContext.close();
  });

  it('imports a .vtt file, reports a bad one, and warns before unsaved cues are lost', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    await page.goto(`${server.url}/console/recordings/${ended}?lang=en`);
    await submitLoginForm(page, server, 'archivist');
    const editor = page.getByRole('region', { name: 'Captions' });
    const language = editor.getByLabel('Caption language');
    await editor.locator('li[data-cue="1"]').waitFor({ timeout: 20_000 });

    // Russian has no captions yet: the empty state.
    await language.selectOption('ru');
    await editor.getByText('No captions in this language yet.', { exact: false }).waitFor();

    const file = editor.getByLabel('Import a .vtt file');
    await file.setInputFiles({ name: 'bad.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n') });
    await editor.getByText('The file could not be read: Line 3: the cue ends before it starts.').waitFor();
    expect(await editor.locator('li[data-cue]').count()).toBe(0);

    await file.setInputFiles({ name: 'ru.vtt', mimeType: 'text/vtt', buffer: Buffer.from('WEBVTT\n\n00:00:02.000 --> 00:00:05.000\nДобрый вечер.\n\n00:00:06.000 --> 00:00:08.000\nНачинаем.\n') });
    await editor.getByText('2 cues imported. Check them and save.').waitFor();
    expect(await editor.locator('li[data-cue="2"] textarea').inputValue()).toBe('Начинаем.');
    await editor.getByText('Unsaved changes').waitFor();

    // Switching language asks first; Cancel keeps the imported cues.
    await language.selectOption('hy');
    const dialog = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await language.inputValue()).toBe('ru');
    expect(await editor.locator('li[data-cue]').count()).toBe(2);

    // Leaving the page asks the browser to confirm.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.type()); void d.accept(); }));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
    expect(queryServerDb(server.dataDir, "SELECT lang FROM captions WHERE lang = 'ru'")).toEqual([]);
    await context.close();
  });
});
