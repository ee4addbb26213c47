import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { layerForWidth } from '../../web/src/lib/live/layer-policy.js';
import { newContext } from './browser.js';
import { demoPassword, type ServerRef } from './auth.js';

const run = promisify(execFile);

/** Keeps every RTCPeerConnection a page creates in `window.__pcs`, so tests can read its stats. */
export async function trackPeerConnections(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        pcs.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

export type InboundTotals = { framesDecoded: number; videoStreams: number; audioPackets: number; audioStreams: number };

/** Sums inbound-rtp stats over the page's open peer connections. */
export function inbound(page: Page): Promise<InboundTotals> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const totals = { framesDecoded: 0, videoStreams: 0, audioPackets: 0, audioStreams: 0 };
    for (const pc of pcs) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'video') {
          totals.videoStreams += Number(s.framesDecoded ?? 0) > 0 ? 1 : 0;
          totals.framesDecoded += Number(s.framesDecoded ?? 0);
        } else if (s.kind === 'audio') {
          totals.audioStreams += Number(s.packetsReceived ?? 0) > 0 ? 1 : 0;
          totals.audioPackets += Number(s.packetsReceived ?? 0);
        }
      });
    }
    return totals;
  });
}

/**
 * A page in a fresh context of `browser` whose peer connections are tracked (for `inbound`), with page errors
 * printed; the context goes into `contexts` for the test file to close.
 */
export async function openTrackedPage(browser: Browser, contexts: BrowserContext[], viewport: 'phone' | 'desktop' = 'desktop'): Promise<Page> {
  const context = await newContext(browser, viewport);
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return page;
}

/** The size of the picture the page decodes (the WebRTC video element's intrinsic size). */
export const pictureOf = (page: Page) => page.locator('.live-video').evaluate((v: HTMLVideoElement) => `${v.videoWidth}x${v.videoHeight}`);

/** The simulcast layer the residents' policy asks for at this player's width and pixel ratio. */
export const policyLayerOf = (page: Page) =>
  page.locator('.live-player').evaluate((el) => ({ width: el.clientWidth, dpr: window.devicePixelRatio })).then(({ width, dpr }) => layerForWidth(width, dpr));

/** Logs a browser context in through the page itself (same origin, as a person would). */
export async function loginInPage(page: Page, server: ServerRef, username: string): Promise<void> {
  if (!page.url().startsWith(server.url)) await page.goto(`${server.url}/api/health`);
  const status = await page.evaluate(
    async ([u, p]) => (await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) })).status,
    [username, demoPassword(server, username)],
  );
  if (status !== 200) throw new Error(`login as ${username} failed with ${status}`);
}

/** A short, small y4m for Chromium's fake camera (cached per size). */
export async function fakeCameraFile(width = 640, height = 360, seconds = 2, rate = 15): Promise<string> {
  const dir = path.join(os.tmpdir(), 'nist-fixtures');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `camera-${width}x${height}-${seconds}s-${rate}.y4m`);
  if (fs.existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.tmp.y4m`;
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}`, '-t', String(seconds), '-pix_fmt', 'yuv420p', tmp]);
  fs.renameSync(tmp, file);
  return file;
}
