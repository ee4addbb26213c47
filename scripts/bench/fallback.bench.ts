// Fallback timings of the resident's live page (one player, two latencies: web/src/lib/live/live-mode.ts):
// WebRTC lost in the middle of a session → the live HLS on screen, and WebRTC back → real time again; also a
// browser whose WebRTC is denied from the start → the live HLS on screen. WebRTC is cut on the network: an
// nftables table drops UDP and TCP to and from the server's media port (RTC_PORT) while HTTP, the socket and
// the HLS files go on, as a firewall that starts dropping media would. Needs root and nft.
//   BENCH_FALLBACK_ROUNDS=3 npm run bench -- fallback
import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { call } from '../../tests/helpers/auth.js';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { freePortRange } from '../../tests/helpers/ports.js';
import { startServer } from '../../tests/helpers/server.js';
import { benchSession } from './glass-server.js';
import { putOnAir, reportPageErrors } from './glass-sources.js';
import { median, writeBenchResult, type Figure } from './lib.js';
import { sleep } from './sfu-lib.js';

const ROUNDS = Number(process.env.BENCH_FALLBACK_ROUNDS ?? 3);
const run = promisify(execFile);
const table = `nist_bench_${process.pid}`;

/** Drops all UDP and TCP to and from `port` on this host (both directions, any address) until `unblock`. */
async function block(port: number): Promise<void> {
  await run('nft', ['add', 'table', 'inet', table]);
  await run('nft', ['add', 'chain', 'inet', table, 'input', '{ type filter hook input priority -10 ; policy accept ; }']);
  for (const proto of ['udp', 'tcp']) for (const dir of ['dport', 'sport']) await run('nft', ['add', 'rule', 'inet', table, 'input', proto, dir, String(port), 'drop']);
}
const unblock = () => run('nft', ['delete', 'table', 'inet', table]).then(() => undefined, () => undefined);

/**
 * Init script: what the resident sees, with Date.now() times (the bench's clock too): every change of the
 * player's mode (`data-live-mode`), and the frames presented by the real-time and the HLS video elements.
 */
const monitorScript = `(() => {
  if (!location.pathname.startsWith('/sessions/')) return;
  const fb = (window.__fb = { modes: [], rtc: [], hls: [] });
  const watched = new WeakSet();
  const follow = (video, list) => {
    if (watched.has(video)) return;
    watched.add(video);
    const onFrame = () => { list.push(Date.now()); if (video.isConnected) video.requestVideoFrameCallback(onFrame); };
    video.requestVideoFrameCallback(onFrame);
  };
  let mode = null;
  setInterval(() => {
    const now = document.querySelector('.live-player')?.getAttribute('data-live-mode') ?? null;
    if (now !== mode) fb.modes.push({ at: Date.now(), mode: (mode = now) });
    const rtc = document.querySelector('.live-video');
    if (rtc) follow(rtc, fb.rtc);
    const hls = document.querySelector('.live-hls video');
    if (hls) follow(hls, fb.hls);
  }, 10);
})();`;

/** WebRTC denied to the page from the start: every RTCPeerConnection throws (as a browser policy would). */
const denyWebrtcScript = `(() => { window.RTCPeerConnection = class { constructor() { throw new DOMException('denied by the bench', 'NotAllowedError'); } }; })();`;

type Monitor = { modes: { at: number; mode: string | null }[]; rtc: number[]; hls: number[] };
const read = (page: Page) => page.evaluate('window.__fb') as Promise<Monitor>;

/** Polls the page until `done` says yes (or `timeoutMs`); returns the monitor then. */
async function until(page: Page, done: (m: Monitor) => boolean, timeoutMs: number, what: string): Promise<Monitor> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = await read(page);
    if (m && done(m)) return m;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
const modeAfter = (m: Monitor, mode: string, t: number) => m.modes.find((e) => e.at >= t && e.mode === mode)?.at;
const frameAfter = (frames: number[], t: number) => frames.find((f) => f >= t);

const rtcPort = await freePortRange(1);
// RTC_PORT pinned (not 0) so the firewall rule can name the media port; everything else is the product's default.
const server = await startServer({ env: { RTC_PORT: String(rtcPort) } });
const browser = await launchChromium({ fakeMedia: true });
const toHls: number[] = [];
const toHlsMode: number[] = [];
const back: number[] = [];
const backFrames: number[] = [];
const denied: number[] = [];
const notes: string[] = [];
const contexts: BrowserContext[] = [];
try {
  const sessionId = benchSession(server);
  const source = await putOnAir('cli', { browser, server, sessionId, gopSec: 1 });
  if (!source) throw new Error('the broadcast CLI did not go on air');
  // The live HLS needs a few segments before a fallback has something to play.
  for (let i = 0; ; i++) {
    const res = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    if (res.body?.recording?.status === 'recording' && i >= 40) break;
    if (i > 300) throw new Error('the session has no live recording');
    await sleep(200);
  }

  const context = await newContext(browser);
  contexts.push(context);
  await context.addInitScript({ content: monitorScript });
  const page = await context.newPage();
  reportPageErrors(page, 'resident');
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  await until(page, (m) => m.rtc.length > 30, 30_000, 'real-time frames');

  for (let round = 0; round < ROUNDS; round++) {
    const lostAt = Date.now();
    await block(rtcPort);
    const onHls = await until(page, (m) => frameAfter(m.hls, modeAfter(m, 'hls', lostAt) ?? Infinity) !== undefined, 40_000, 'HLS frames after the loss');
    const hlsMode = modeAfter(onHls, 'hls', lostAt)!;
    toHlsMode.push(hlsMode - lostAt);
    toHls.push(frameAfter(onHls.hls, hlsMode)! - lostAt);
    await sleep(3000);
    const backAt = Date.now();
    await unblock();
    const onRtc = await until(page, (m) => modeAfter(m, 'webrtc', backAt) !== undefined, 60_000, 'real time after WebRTC came back');
    back.push(modeAfter(onRtc, 'webrtc', backAt)! - backAt);
    backFrames.push((frameAfter(onRtc.rtc, backAt) ?? NaN) - backAt);
    await sleep(5000);
  }

  for (let i = 0; i < ROUNDS; i++) {
    const deniedContext = await newContext(browser);
    contexts.push(deniedContext);
    await deniedContext.addInitScript({ content: denyWebrtcScript });
    await deniedContext.addInitScript({ content: monitorScript });
    const deniedPage = await deniedContext.newPage();
    const opened = Date.now();
    await deniedPage.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    const m = await until(deniedPage, (x) => x.hls.length > 0, 30_000, 'HLS frames with WebRTC denied');
    denied.push(m.hls[0]! - opened);
    await deniedContext.close();
  }
  await source.stop();
  notes.push(
    'Source: the broadcast CLI (640x360 H.264 copied, keyframe every second); the live HLS is the recorder\'s (default settings).',
    `WebRTC lost: nftables drops UDP and TCP to and from the media port; the page gives WebRTC 10 s (lostMs) before it switches. Held 3 s on HLS, then let through; ${ROUNDS} rounds.`,
    `Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.availableParallelism()} cores.`,
  );
  const figures: Figure[] = [
    { label: 'WebRTC lost → the page switches to HLS (the 10 s rule)', value: median(toHlsMode), unit: 'ms', detail: toHlsMode.join(', ') },
    { label: 'WebRTC lost → HLS frames on screen', value: median(toHls), unit: 'ms', target: 12_000, better: 'lower', detail: toHls.join(', ') },
    { label: 'WebRTC back → first real-time frame', value: median(backFrames), unit: 'ms', detail: backFrames.join(', ') },
    { label: 'WebRTC back → the page is on real time again', value: median(back), unit: 'ms', detail: back.join(', ') },
    { label: 'WebRTC denied from the start: page open → HLS frames on screen', value: median(denied), unit: 'ms', target: 10_000, better: 'lower', detail: denied.join(', ') },
  ];
  writeBenchResult('live-fallback', figures, notes);
} finally {
  await unblock();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser.close();
  await server.stop();
}
process.exit(0);
