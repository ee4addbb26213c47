import type { Browser, BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import type { ServerRef } from './auth.js';
import { launchChromium, newContext } from './browser.js';
import { startServer } from './server.js';
import { demoIds } from './signaling.js';
import { loginInPage } from './webrtc.js';
import { sleep } from './wait.js';

/** For the screenshot scripts: waits (up to `seconds`) for a session's recording to be ready, as the demo's is after start. */
export async function recordingReady(server: ServerRef, sessionId: number, seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    const d = (await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json()) as { recording: { status: string } | null };
    if (d.recording?.status === 'ready') return;
    await sleep(500);
  }
}

/** Ends a screenshot script: the layout problems it found on standard error and exit code 1, or 0. */
export function finishScreenshots(problems: readonly string[]): never {
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
  process.exit(0);
}

/** An operator's studio page on air for `sessionId` (camera and microphone from Chromium's fake devices). */
export async function studioOnAir(browser: Browser, server: ServerRef, sessionId: number): Promise<{ studioContext: BrowserContext; studio: Page }> {
  const studioContext = await newContext(browser);
  const studio = await studioContext.newPage();
  await loginInPage(studio, server, 'operator');
  await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
  await studio.getByRole('button', { name: 'Go live' }).click({ timeout: 20_000 });
  await studio.waitForSelector('.studio[data-status="live"]');
  return { studioContext, studio };
}

/**
 * A screenshot script's start on the demo content: the output folder (its first argument), a server, Chromium,
 * the problems list, and the demo's ended session once its recording is ready (within `seconds`).
 */
export async function demoScreenshotRun(seconds: number) {
  const outDir = process.argv[2] ?? 'screenshots';
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const browser = await launchChromium();
  const problems: string[] = [];
  const { endedSessionId } = demoIds(server);
  await recordingReady(server, endedSessionId, seconds);
  return { outDir, server, browser, problems, endedSessionId };
}
