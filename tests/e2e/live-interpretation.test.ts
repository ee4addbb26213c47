import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe.js';
import { withInterpretationScene } from '../helpers/interpretation-scene.js';
import type { OnAir } from '../helpers/live-scenario.js';
import type { TestServer } from '../helpers/server.js';
import { loginInPage } from '../helpers/webrtc.js';
import { tabTo } from '../helpers/keyboard.js';

/**
 * Interpretation and sign language in real Chromium pages on the product defaults: the broadcast CLI is the
 * floor, an interpreter's studio page goes on air in English and a sign-language interpreter's with its
 * (fake) camera; a resident, with keys only, switches the audio to English and receives the interpreter's
 * packets while the floor audio stops, switches back, and turns on the sign-language picture-in-picture,
 * whose frames decode and which the arrow keys move.
 */
const { scene, openPage, interpreterOnAir } = withInterpretationScene();
let server: TestServer;
let air: OnAir;
beforeAll(() => void ({ server, air } = scene));

/** inbound-rtp of the page's received tracks, by track id: packets and frames so far. */
const receivedByTrack = (page: Page) =>
  page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const out: Record<string, { packets: number; frames: number }> = {};
    for (const pc of pcs) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === 'inbound-rtp' && typeof s.trackIdentifier === 'string') {
          out[s.trackIdentifier] = { packets: Number(s.packetsReceived ?? 0), frames: Number(s.framesDecoded ?? 0) };
        }
      });
    }
    return out;
  });

/** The audio tracks the live picture plays, and the sign-language picture's video track. */
const playing = (page: Page) =>
  page.evaluate(() => {
    const tracksOf = (selector: string) => ((document.querySelector(selector) as HTMLVideoElement | null)?.srcObject as MediaStream | null)?.getTracks() ?? [];
    return { audio: tracksOf('.live-video').filter((t) => t.kind === 'audio').map((t) => t.id), sign: tracksOf('.sign-video').map((t) => t.id) };
  });

/** Presses Tab until the focused element matches `selector` (keys only, as a keyboard user would). */
const packetsOf = async (page: Page, trackId: string) => (await receivedByTrack(page))[trackId]?.packets ?? 0;

describe('interpretation and sign language on a live session', () => {
  it('refuses the interpreter studio to a resident', async () => {
    const page = await openPage('phone');
    await page.goto(`${server.url}/studio/${air.sessionId}?mode=interpreter&lang=en`);
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 15_000 }).toContain('Log in as an interpreter, clerk or operator');
  });

  it("lets a resident, with keys only, switch to the English interpreter's audio and back, and show the sign-language picture", async () => {
    const resident = await openPage();
    await resident.goto(`${server.url}/sessions/${air.sessionId}?lang=en`);
    await expect.poll(async () => (await playing(resident)).audio.length, { timeout: 20_000 }).toBe(1);
    const [floorAudio] = (await playing(resident)).audio;
    await expect.poll(() => packetsOf(resident, floorAudio!), { timeout: 15_000 }).toBeGreaterThan(20);

    await interpreterOnAir('interpreter', 'English', 'English');
    await interpreterOnAir('clerk', 'Sign language (camera)', 'Sign language');

    // The choice appears with the languages on air only (English), and the sign-language switch.
    const english = resident.getByRole('radio', { name: 'English' });
    await english.waitFor({ timeout: 15_000 });
    expect(await resident.getByRole('radio').allInnerTexts()).toHaveLength(2);
    expect(await resident.getByRole('radio', { name: 'Русский' }).count()).toBe(0);
    expect(await resident.locator('.sign-pip').count()).toBe(0);

    // Keys only: Tab to the floor radio, an arrow key picks English.
    await tabTo(resident, 'input[name="live-audio"]');
    await resident.keyboard.press('ArrowRight');
    expect(await english.isChecked()).toBe(true);
    await expect.poll(async () => (await playing(resident)).audio[0], { timeout: 10_000 }).not.toBe(floorAudio);
    const [interpretation] = (await playing(resident)).audio;
    const start = await packetsOf(resident, interpretation!);
    await expect.poll(() => packetsOf(resident, interpretation!), { timeout: 15_000 }).toBeGreaterThan(start + 25);
    // The floor audio is paused on the server: it stops arriving while the interpretation keeps coming.
    const floorStopped = await packetsOf(resident, floorAudio!);
    const interpreted = await packetsOf(resident, interpretation!);
    await expect.poll(() => packetsOf(resident, interpretation!), { timeout: 15_000 }).toBeGreaterThan(interpreted + 50);
    expect(await packetsOf(resident, floorAudio!)).toBeLessThanOrEqual(floorStopped + 5);

    // Back to the floor: its packets flow again; the interpretation's stop.
    await resident.keyboard.press('ArrowLeft');
    expect(await resident.getByRole('radio', { name: 'Floor (original)' }).isChecked()).toBe(true);
    await expect.poll(async () => (await playing(resident)).audio[0], { timeout: 10_000 }).toBe(floorAudio);
    const floorAgain = await packetsOf(resident, floorAudio!);
    await expect.poll(() => packetsOf(resident, floorAudio!), { timeout: 15_000 }).toBeGreaterThan(floorAgain + 25);

    // The sign-language picture: hidden until the switch is pressed (Tab, Enter); then its frames decode.
    await tabTo(resident, 'button.track-sign');
    await resident.keyboard.press('Enter');
    expect(await resident.locator('button.track-sign').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await playing(resident)).sign.length, { timeout: 10_000 }).toBe(1);
    const [signTrack] = (await playing(resident)).sign;
    await expect.poll(async () => (await receivedByTrack(resident))[signTrack!]?.frames ?? 0, { timeout: 20_000 }).toBeGreaterThan(10);

    // No serious accessibility findings with the choice and the picture-in-picture on screen.
    expect(await seriousViolations(resident)).toEqual([]);

    // The arrow keys on its handle move it (left and down), within the picture.
    const before = (await resident.locator('.sign-pip').boundingBox())!;
    await tabTo(resident, 'button.sign-handle');
    for (let i = 0; i < 4; i++) await resident.keyboard.press('ArrowLeft');
    await resident.keyboard.press('Shift+ArrowDown');
    const after = (await resident.locator('.sign-pip').boundingBox())!;
    expect(after.x).toBeLessThan(before.x);
    expect(after.y).toBeGreaterThan(before.y);
    const stage = (await resident.locator('.live-stage').boundingBox())!;
    expect(after.x).toBeGreaterThanOrEqual(stage.x - 1);
    expect(after.y + after.height).toBeLessThanOrEqual(stage.y + stage.height + 1);

    // Off again: the picture goes.
    await tabTo(resident, 'button.track-sign');
    await resident.keyboard.press('Space');
    await expect.poll(() => resident.locator('.sign-pip').count(), { timeout: 5_000 }).toBe(0);
  });

  it('tells a second interpreter for the same language that it is taken', async () => {
    const page = await openPage('phone');
    await loginInPage(page, server, 'operator');
    await page.goto(`${server.url}/studio/${air.sessionId}?mode=interpreter&lang=en`);
    await expect.poll(() => page.locator('.interp').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByRole('button', { name: 'Go on air' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 15_000 }).toBe('Someone is already interpreting into this language. Choose another one.');
    expect(await page.locator('.interp').getAttribute('data-on-air')).toBe('');
  });
});
