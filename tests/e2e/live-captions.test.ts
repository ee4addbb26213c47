import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { blockWebrtc, liveMode, openLivePage, putOnAir, takeOffAir, type OnAir } from '../helpers/live-scenario.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { loginInPage } from '../helpers/webrtc.js';

/**
 * Live captions in Chromium on the product defaults: a captioner types in the console with the keyboard
 * alone, and residents see the line over the picture whether they watch over WebRTC or the live HLS; the
 * correction replaces it; the overlay's on/off and size are kept; no serious axe findings.
 */
let server: TestServer;
let browser: Browser;
let onAir: OnAir;
let desk: Page;
let resident: Page;
let hlsResident: Page;

const overlay = (page: Page) => page.getByTestId('caption-overlay');

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
  onAir = await putOnAir(server, { recording: true });
  resident = await openLivePage(browser, server, onAir.sessionId);
  // WebRTC taken away: this resident plays the live HLS, and still gets the lines over the socket.
  hlsResident = await openLivePage(browser, server, onAir.sessionId, { initScript: blockWebrtc });
  const context = await newContext(browser, 'desktop');
  desk = await context.newPage();
  desk.on('pageerror', (e) => console.error('page error:', e.message));
  await loginInPage(desk, server, 'captioner');
  await desk.goto(`${server.url}/studio/${onAir.sessionId}/captions?lang=en`);
}, 120_000);
afterAll(async () => {
  await takeOffAir(onAir?.cli);
  await browser?.close();
  await server?.stop();
});

describe('live captions in the browser', () => {
  it('shows the console, live, with Armenian chosen', async () => {
    await expect.poll(() => desk.locator('.captions-console').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
    expect(await desk.locator('.captions-status').innerText()).toBe('Live');
    expect(await desk.locator('#caption-lang').inputValue()).toBe('hy');
    await expect.poll(() => liveMode(resident), { timeout: 30_000 }).toBe('webrtc');
    await expect.poll(() => liveMode(hlsResident), { timeout: 45_000 }).toBe('hls');
  }, 60_000);

  it("carries a line typed and sent with Enter to residents' overlays over WebRTC and HLS", async () => {
    await desk.getByLabel('Caption line', { exact: true }).focus();
    await desk.keyboard.type('Բարև ձեզ, նիստը բացված է։');
    await desk.keyboard.press('Enter');
    for (const page of [resident, hlsResident]) {
      await expect.poll(() => overlay(page).innerText(), { timeout: 10_000 }).toBe('Բարև ձեզ, նիստը բացված է։');
    }
    // The box empties on the ack, which may come after the residents have the line.
    await expect.poll(() => desk.getByLabel('Caption line', { exact: true }).inputValue()).toBe('');
    await expect.poll(() => desk.locator('.captions-list li').first().innerText()).toContain('Բարև ձեզ, նիստը բացված է։');
    expect(await desk.getByTestId('caption-countdown').innerText()).toMatch(/^\d+ seconds? left to correct$/);
  });

  it('corrects the last line with the keyboard and replaces it on the overlays', async () => {
    // From the line box, Tab reaches the send button (disabled while empty, so skipped) and then "Correct".
    await desk.keyboard.press('Tab');
    expect(await desk.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Correct the last line');
    await desk.keyboard.press('Enter');
    expect(await desk.evaluate(() => document.activeElement?.id)).toBe('caption-correction');
    // The box opens with the line selected: typing replaces it.
    await desk.keyboard.type('Բարև ձեզ, նիստը բաց է։');
    await desk.keyboard.press('Enter');
    for (const page of [resident, hlsResident]) {
      await expect.poll(() => overlay(page).innerText(), { timeout: 10_000 }).toBe('Բարև ձեզ, նիստը բաց է։');
    }
    await expect.poll(() => desk.locator('.captions-list li').first().innerText()).toContain('(corrected)');
    await expect.poll(() => desk.evaluate(() => document.activeElement?.id)).toBe('caption-line');
  });

  it('has no serious axe findings on the console and on the live page with captions on', async () => {
    expect(await seriousViolations(desk)).toEqual([]);
    await expect.poll(() => overlay(resident).count()).toBe(1);
    expect(await seriousViolations(resident)).toEqual([]);
  });

  it("keeps the resident's size and on/off choice across visits", async () => {
    await resident.getByRole('radio', { name: 'Large' }).check();
    expect(await overlay(resident).getAttribute('class')).toContain('caption-large');
    await resident.getByRole('button', { name: 'Captions' }).press('Enter');
    expect(await resident.getByRole('button', { name: 'Captions' }).getAttribute('aria-pressed')).toBe('false');
    expect(await overlay(resident).count()).toBe(0);
    await resident.reload();
    await desk.getByLabel('Caption line', { exact: true }).fill('Second line');
    await desk.getByLabel('Caption line', { exact: true }).press('Enter');
    await expect.poll(() => resident.getByRole('button', { name: 'Captions' }).getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('false');
    expect(await overlay(resident).count()).toBe(0);
    await resident.getByRole('button', { name: 'Captions' }).click();
    expect(await overlay(resident).getAttribute('class')).toContain('caption-large');
  });

  it('turns off the line animation for residents who ask for reduced motion', async () => {
    await resident.emulateMedia({ reducedMotion: 'reduce' });
    await desk.getByLabel('Caption line', { exact: true }).fill('Third line');
    await desk.getByLabel('Caption line', { exact: true }).press('Enter');
    const line = overlay(resident).locator('.caption-line', { hasText: 'Third line' });
    await expect.poll(() => line.count(), { timeout: 10_000 }).toBe(1);
    expect(await line.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    const colors = await line.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(colors).toEqual(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0.8)']);
  });

  it('keeps the lines over the picture in full screen', async () => {
    const inFullscreen = () =>
      resident.evaluate(() => Boolean(document.fullscreenElement?.contains(document.querySelector('[data-testid="caption-overlay"]'))));
    await resident.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(inFullscreen, { timeout: 10_000 }).toBe(true);
    await desk.getByLabel('Caption line', { exact: true }).fill('Fourth line');
    await desk.getByLabel('Caption line', { exact: true }).press('Enter');
    await expect.poll(() => overlay(resident).innerText(), { timeout: 10_000 }).toContain('Fourth line');
    await resident.evaluate(() => document.exitFullscreen());
    await expect.poll(() => resident.evaluate(() => document.querySelector('[data-testid="caption-overlay"]')?.parentElement?.className ?? '')).toContain('live-stage');
  });

  it('refuses a resident who opens the console', async () => {
    const page = await (await newContext(browser, 'phone')).newPage();
    await page.goto(`${server.url}/studio/${onAir.sessionId}/captions?lang=en`);
    await expect.poll(() => page.getByRole('alert').first().innerText(), { timeout: 10_000 }).toContain('Log in as a captioner or clerk');
    await page.getByLabel('Caption line', { exact: true }).fill('Not mine');
    await page.getByLabel('Caption line', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('.captions-problem').innerText(), { timeout: 10_000 }).toContain('Log in as a captioner or clerk to send live captions.');
  });

  it("leads a captioner from the console to the session's captioning page", async () => {
    await desk.goto(`${server.url}/console/live-captions?lang=en`);
    const link = desk.getByRole('link', { name: 'Test council' }).first();
    await link.waitFor({ timeout: 15_000 });
    expect(await seriousViolations(desk)).toEqual([]);
    await link.click();
    await expect.poll(() => new URL(desk.url()).pathname).toBe(`/studio/${onAir.sessionId}/captions`);
    await expect.poll(() => desk.locator('.captions-console').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');
  });
});
