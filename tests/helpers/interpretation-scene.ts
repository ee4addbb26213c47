import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser.js';
import { putOnAir, takeOffAir, type OnAir } from './live-scenario.js';
import { startServer, type TestServer } from './server.js';
import { fakeCameraFile, loginInPage, openTrackedPage } from './webrtc.js';

export type InterpretationScene = { server: TestServer; browser: Browser; air: OnAir };

/**
 * The interpreters' scene of tests/e2e/live-interpretation and recording-tracks: the product defaults, a council
 * session on air from the broadcast CLI (recording, when asked), Chromium with a fake microphone and camera,
 * and interpreters' studio pages going on air. Everything is closed after the file's tests.
 */
export function withInterpretationScene(options: { recording?: boolean } = {}) {
  const scene = {} as InterpretationScene;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const camera = await fakeCameraFile();
    [scene.server, scene.browser] = await Promise.all([startServer(), launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] })]);
    scene.air = await putOnAir(scene.server, { recording: options.recording });
  });
  afterAll(async () => {
    await takeOffAir(scene.air?.cli);
    for (const c of contexts) await c.close().catch(() => undefined);
    await scene.browser?.close();
    await scene.server?.stop();
  });

  const openPage = (viewport: 'phone' | 'desktop' = 'desktop') => openTrackedPage(scene.browser, contexts, viewport);

  /** An interpreter's studio page on air with `choice` (a language's name as shown, or sign language). */
  async function interpreterOnAir(username: string, choice: string, onAir: string): Promise<Page> {
    const page = await openPage();
    await loginInPage(page, scene.server, username);
    await page.goto(`${scene.server.url}/studio/${scene.air.sessionId}?mode=interpreter&lang=en`);
    await expect.poll(() => page.locator('.interp').getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    await page.getByRole('radio', { name: choice }).check();
    await page.getByRole('button', { name: 'Go on air' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'on air' }).innerText(), { timeout: 15_000 }).toBe(`You are on air: ${onAir}`);
    return page;
  }

  return { scene, openPage, interpreterOnAir };
}
