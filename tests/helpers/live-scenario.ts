import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { call, type ServerRef } from './auth.js';
import { newContext, viewports } from './browser.js';
import { generateClip } from './fixtures.js';
import type { NetNamespace } from './netns.js';
import type { TestServer } from './server.js';
import { addSession } from './signaling.js';
import { broadcastFile, sleep } from './wait.js';

/**
 * The live player's scenes (tests/e2e/live-fallback*.test.ts, live-capacity, live-no-hls): a council session
 * on air from the broadcast CLI, a resident's page on it, and the ways that page's WebRTC is taken away.
 */

/** A looped camera-like clip the CLI copies (no transcode: keeps the two cores free). */
export const liveClip = () => generateClip({ seconds: 4, width: 480, height: 270, cameraLike: true });

export type OnAir = { sessionId: number; cli: ChildProcess };

/**
 * Adds a scheduled council session (unless `sessionId` is given) and puts the clip on air with the CLI;
 * resolves once the session is live and, with `recording`, its recording has started (the live HLS exists).
 */
export async function putOnAir(server: TestServer, options: { sessionId?: number; recording?: boolean } = {}): Promise<OnAir> {
  const sessionId = options.sessionId ?? addSession(server);
  const cli = broadcastFile(server, sessionId, await liveClip());
  for (let i = 0; ; i += 1) {
    const res = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    if (res.body.status === 'live' && (!options.recording || res.body.recording?.status === 'recording')) break;
    if (i > 150) {
      const warnings = server.logs.filter((l) => Number(l.level) >= 40).map((l) => l.msg);
      throw new Error(`the session did not go on air${options.recording ? ' with a recording' : ''}: ${JSON.stringify({ status: res.body.status, recording: res.body.recording })}; ${warnings.join(' | ')}`);
    }
    await sleep(200);
  }
  return { sessionId, cli };
}

/** Ends the CLI's broadcast (SIGINT, as Ctrl-C), killing it if it has not gone in 5 s. */
export async function takeOffAir(cli: ChildProcess | undefined): Promise<void> {
  if (!cli || cli.exitCode !== null || cli.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
  cli.kill('SIGINT');
  const timer = setTimeout(() => cli.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Init script: WebRTC blocked for the page while `window.__nistBlockWebrtc` is true. Every new
 * RTCPeerConnection throws (as a browser policy or extension denying it would), so no transport comes up;
 * `unblockWebrtc` lets the page's next retry through.
 */
export const blockWebrtc = () => {
  const w = window as unknown as { __nistBlockWebrtc: boolean; RTCPeerConnection: typeof RTCPeerConnection };
  w.__nistBlockWebrtc = true;
  const Native = w.RTCPeerConnection;
  w.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      if (w.__nistBlockWebrtc) throw new DOMException('WebRTC is blocked by the test', 'NotAllowedError');
      super(config);
    }
  };
};

export const unblockWebrtc = (page: Page) => page.evaluate(() => ((window as unknown as { __nistBlockWebrtc: boolean }).__nistBlockWebrtc = false));

/** Init script: a browser with no WebRTC at all (an old or locked-down one): the interfaces are not there. */
export const withoutWebrtc = () => {
  const w = window as unknown as Record<string, unknown>;
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver', 'RTCDataChannel']) {
    delete w[name];
  }
};

export type LivePageOptions = {
  viewport?: keyof typeof viewports;
  lang?: 'en' | 'hy';
  /** Run in the page before its own scripts (blockWebrtc, withoutWebrtc). */
  initScript?: () => void;
  /** Set up the context before the page opens (e.g. trackPeerConnections). */
  prepare?: (context: BrowserContext) => Promise<void>;
  /** The address the browser uses (a network namespace reaches the server at another host). */
  origin?: string;
  contextOptions?: BrowserContextOptions;
};

/** A resident's session page in a context of its own (close it with `page.context().close()`). */
export async function openLivePage(browser: Browser, server: ServerRef, sessionId: number, options: LivePageOptions = {}): Promise<Page> {
  const context = await newContext(browser, options.viewport ?? 'desktop', options.contextOptions);
  if (options.initScript) await context.addInitScript(options.initScript);
  await options.prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${options.origin ?? server.url}/sessions/${sessionId}?lang=${options.lang ?? 'en'}`);
  return page;
}

/** Which picture the live player shows: 'webrtc' or 'hls'. */
export const liveMode = (page: Page) => page.locator('.live-player').getAttribute('data-live-mode');
/** Why (the statistics panel's reason: no-frame, lost, unsupported, capacity, manual, realtime). */
export const liveReason = (page: Page) => page.getByTestId('live-stats-reason').getAttribute('data-reason');

/**
 * The resident's network loses every path WebRTC can take (UDP, and TCP to anything but the server's HTTP
 * port) while the page, its socket and HLS over HTTP carry on: an nftables table inside the namespace, as a
 * mobile network or a captive portal that lets only web traffic through would.
 */
export async function loseWebrtc(ns: NetNamespace, httpPort: number): Promise<void> {
  const rules = [
    'table inet nist_webrtc_loss {',
    `  chain out { type filter hook output priority 0; policy accept; oifname "lo" accept; tcp dport ${httpPort} accept; drop; }`,
    `  chain in { type filter hook input priority 0; policy accept; iifname "lo" accept; tcp sport ${httpPort} accept; drop; }`,
    '}',
  ].join('\n');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-loss-'));
  const file = path.join(dir, 'webrtc-loss.nft');
  fs.writeFileSync(file, rules + '\n');
  try {
    const r = await ns.exec('nft', ['-f', file]);
    if (r.code !== 0) throw new Error(`nft -f failed in ${ns.name}: ${r.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The paths `loseWebrtc` closed are open again. */
export async function restoreWebrtc(ns: NetNamespace): Promise<void> {
  const r = await ns.exec('nft', ['delete', 'table', 'inet', 'nist_webrtc_loss']);
  if (r.code !== 0) throw new Error(`nft delete table failed in ${ns.name}: ${r.stderr}`);
}
