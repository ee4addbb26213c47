// Glass-to-glass latency into a resident's WebRTC page, from each encoder path, on loopback through the real server.
// Every source paints the send time as a barcode (scripts/bench/glass-barcode.ts): the studio page's canvas
// camera, an RTMP encoder (raw frames → ffmpeg libx264 zerolatency → FLV with a stream key) and a WHIP encoder (a
// Chromium page's canvas, RFC 9725). One reader on the resident's page decodes it off every presented frame.
//   BENCH_LATENCY_SEC=20 BENCH_SOURCES=studio,rtmp,whip BENCH_GOP_SEC=2 npm run bench -- latency
import os from 'node:os';
import type { Page } from 'playwright-core';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { trackPeerConnections } from '../../tests/helpers/webrtc.js';
import { startServer } from '../../tests/helpers/server.js';
import { readClockScript, percentile } from './glass-barcode.js';
import { benchSession } from './glass-server.js';
import { putOnAir, reportPageErrors, sourcesFromEnv, type SourceKind } from './glass-sources.js';
import { median, writeBenchResult, type Figure } from './lib.js';
import { sleep } from './sfu-lib.js';

const SECONDS = Number(process.env.BENCH_LATENCY_SEC ?? 20);
/** The keyframe interval the RTMP encoder sends: what the studio page tells an operator to set. */
const GOP_SEC = Number(process.env.BENCH_GOP_SEC ?? 2);
const targets: Record<SourceKind, number> = { studio: 300, rtmp: 1000, whip: 500, cli: 1000 };
const names: Record<SourceKind, string> = { studio: 'studio page', rtmp: 'RTMP encoder', whip: 'WHIP encoder', cli: 'broadcast CLI' };

/** The average time a frame (video) or sample (audio) spent in the resident's jitter buffer, ms: where receive-side delay goes. */
function jitterBuffers(page: Page): Promise<{ video: number; audio: number }> {
  return page.evaluate(async () => {
    const out = { video: NaN, audio: NaN };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((p) => p.connectionState !== 'closed')) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp' || !Number(s.jitterBufferEmittedCount)) return;
        out[s.kind as 'video' | 'audio'] = Math.round((1000 * Number(s.jitterBufferDelay)) / Number(s.jitterBufferEmittedCount));
      });
    }
    return out;
  });
}

/**
 * Waits (5 to 40 s) until the latency has settled: the sender ramps up to its top layer, and a source whose ingest
 * starts behind the live edge (an RTMP encoder: the RTMP server's cached GOP, ffmpeg's probing) catches up.
 * Settled = the medians of two successive 2-second windows within 30 ms. Says how long it took and from what.
 */
async function settle(page: Page): Promise<string> {
  const started = Date.now();
  await sleep(3000);
  let previous = NaN;
  let first = NaN;
  while (Date.now() - started < 40_000) {
    await page.evaluate('window.__latency = []');
    await sleep(2000);
    const window = median((await page.evaluate('window.__latency')) as number[]);
    if (Number.isNaN(first)) first = window;
    if (Date.now() - started >= 5000 && Math.abs(window - previous) < 30) break;
    previous = window;
  }
  return `after ${Math.round((Date.now() - started) / 1000)} s (median ${Math.round(first)} ms 3 s after the first frame, ${Math.round(previous)} ms when settled)`;
}

const server = await startServer();
const browser = await launchChromium({ fakeMedia: true });
const figures: Figure[] = [];
const notes: string[] = [];
const loads: string[] = [];
try {
  for (const kind of sourcesFromEnv(['studio', 'rtmp', 'whip'])) {
    if (kind === 'cli') continue; // a file carries no send time
    const sessionId = benchSession(server);
    const source = await putOnAir(kind, { browser, server, sessionId, gopSec: GOP_SEC });
    if (!source) {
      notes.push(`${names[kind]}: not measured, this server has no ${kind.toUpperCase()} ingest.`);
      continue;
    }
    const context = await newContext(browser);
    await context.addInitScript({ content: readClockScript });
    await trackPeerConnections(context);
    const resident = await context.newPage();
    reportPageErrors(resident, 'resident');
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    for (let i = 0; i < 600 && !(await resident.evaluate('window.__firstFrameAt')); i++) await sleep(50);
    const settled = await settle(resident);
    await resident.evaluate('window.__latency = []');
    await sleep(SECONDS * 1000);
    const samples = (await resident.evaluate('window.__latency')) as number[];
    const buffers = await jitterBuffers(resident);
    const size = (await resident.evaluate(`(() => { const v = document.querySelector('.live-video'); return v ? v.videoWidth + 'x' + v.videoHeight : 'none'; })()`)) as string;
    loads.push(`${kind} ${os.loadavg()[0]!.toFixed(2)}`);
    await context.close();
    await source.stop();
    const target = targets[kind];
    figures.push(
      { label: `glass-to-glass, ${names[kind]} → resident page, median`, value: median(samples), unit: 'ms', target, better: 'lower', detail: `${samples.length} frames` },
      { label: `glass-to-glass, ${names[kind]} → resident page, p95`, value: percentile(samples, 0.95), unit: 'ms', target, better: 'lower' },
    );
    notes.push(`${names[kind]}: ${source.detail}; settled ${settled}; the resident page showed ${size}, its jitter buffers held video ${buffers.video} ms and audio ${buffers.audio} ms on average; ${samples.length} frames over ${SECONDS} s.`);
  }
  notes.push(
    'One headless Chromium holds the publisher pages and the resident page; everything on loopback through the real server (ingest ffmpeg and mediasoup included).',
    `1-minute load average at the end of each source's run: ${loads.join(', ')}; at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.availableParallelism()} cores.`,
  );
  writeBenchResult('live-latency', figures, notes);
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
