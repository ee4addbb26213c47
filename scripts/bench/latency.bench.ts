// Glass-to-glass latency, operator page → resident page, on loopback through the real server: the operator's
// camera is a canvas that paints the current time as a 24-bit barcode on every frame; the resident page reads
// the barcode off each decoded frame (requestVideoFrameCallback) and subtracts it from the clock (both pages
// run in one browser, so one clock). Also: how soon a resident who opens the page late sees the first frame.
//   BENCH_LATENCY_SEC=20 npm run bench -- latency
import os from 'node:os';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { startServer } from '../../tests/helpers/server.js';
import { addSession } from '../../tests/helpers/signaling.js';
import { loginInPage } from '../../tests/helpers/webrtc.js';
import { median, writeBenchResult } from './lib.js';
import { sleep } from './sfu-lib.js';

const SECONDS = Number(process.env.BENCH_LATENCY_SEC ?? 20);
const CELLS = 24;
const LATE_JOINERS = Number(process.env.BENCH_LATE_JOINERS ?? 7);
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

// Page scripts are strings: functions compiled by tsx carry a `__name` helper the page does not have.

/** Replaces the camera with a 1280x720 canvas whose top band is the time in ms (mod 2^24), bit i = cell i. */
const clockCameraScript = `(() => {
  if (!navigator.mediaDevices) return;
  const cells = ${CELLS};
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (!constraints || !constraints.video) return original(constraints);
    const stream = constraints.audio ? await original({ audio: constraints.audio }).catch(() => new MediaStream()) : new MediaStream();
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    const ctx = canvas.getContext('2d');
    const cell = canvas.width / cells;
    function paint() {
      const t = Date.now() & 0xffffff;
      ctx.fillStyle = '#808080';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < cells; i++) {
        ctx.fillStyle = (t >> i) & 1 ? '#ffffff' : '#000000';
        ctx.fillRect(i * cell, 0, cell, 240);
      }
    }
    setInterval(paint, 1000 / 30);
    paint();
    const track = canvas.captureStream(30).getVideoTracks()[0];
    return new MediaStream([track, ...stream.getAudioTracks()]);
  };
})();`;

/** Reads the barcode off every frame the resident page presents; samples go to window.__latency. */
const readClockScript = `(() => {
  const cells = ${CELLS};
  window.__latency = [];
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 270;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  function attach() {
    const player = document.querySelector('.live-player');
    if (player && window.__joinedAt === undefined && player.getAttribute('data-state') === 'live') window.__joinedAt = performance.now();
    const video = document.querySelector('.live-video');
    if (!video || window.__joinedAt === undefined) return void setTimeout(attach, 20);
    function onFrame() {
      const now = Date.now();
      if (window.__firstFrameAt === undefined) window.__firstFrameAt = performance.now();
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const row = ctx.getImageData(0, 40, canvas.width, 1).data;
      let t = 0;
      for (let i = 0; i < cells; i++) {
        const x = Math.floor(((i + 0.5) * canvas.width) / cells);
        if (row[x * 4] > 128) t |= 1 << i;
      }
      const latency = ((now & 0xffffff) - t + 0x1000000) % 0x1000000;
      if (latency < 10000) window.__latency.push(latency);
      video.requestVideoFrameCallback(onFrame);
    }
    video.requestVideoFrameCallback(onFrame);
  }
  attach();
})()`;

const clockCamera = (context: BrowserContext) => context.addInitScript({ content: clockCameraScript });
const readClock = (page: Page) => page.evaluate(readClockScript);

const server = await startServer();
const browser = await launchChromium({ fakeMedia: true });
try {
  const sessionId = addSession(server);
  const studioContext = await newContext(browser);
  await clockCamera(studioContext);
  const studio = await studioContext.newPage();
  studio.on('pageerror', (e) => process.stderr.write(`studio page error: ${e.message}\n`));
  studio.on('console', (m) => m.type() === 'error' && process.stderr.write(`studio console: ${m.text()}\n`));
  await loginInPage(studio, server, 'operator');
  await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
  await studio.getByRole('button', { name: 'Go live' }).click({ timeout: 30_000 }).catch(async (e: Error) => {
    throw new Error(`${e.message.split('\n')[0]}; studio state ${await studio.locator('.studio').getAttribute('data-state')}: ${await studio.locator('main').innerText()}`);
  });

  const resident = await (await newContext(browser)).newPage();
  await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  await readClock(resident);
  await sleep(5000); // let the sender ramp up to its top layer
  await resident.evaluate('window.__latency = []');
  await sleep(SECONDS * 1000);
  const samples = (await resident.evaluate('window.__latency')) as number[];

  const starts: number[] = [];
  const joins: number[] = [];
  /** Per late joiner: when each step ended, ms from page open (navigation, chunks, API, socket, SFU steps). */
  const steps: Record<string, number>[] = [];
  const timeline = `(() => {
    const out = {};
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav) { out['html'] = nav.responseEnd; out['DOMContentLoaded'] = nav.domContentLoadedEventEnd; out['load'] = nav.loadEventEnd; }
    for (const r of performance.getEntriesByType('resource')) {
      const name = r.name.replace(/^https?:\\/\\/[^/]+/, '').replace(/[?].*$/, '');
      if (/\\.(js|css)$/.test(name) || name.startsWith('/api/')) out[name.replace(/-[A-Za-z0-9_-]{8}(?=\\.(js|css)$)/, '')] = r.responseEnd;
    }
    for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('nist:')) out[m.name] = m.startTime;
    if (window.__firstFrameAt) out['first frame'] = window.__firstFrameAt;
    return out;
  })()`;
  for (let i = 0; i < LATE_JOINERS; i++) {
    const late = await (await newContext(browser)).newPage();
    await late.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await readClock(late);
    const firstFrame = () => late.evaluate('window.__firstFrameAt') as Promise<number | undefined>;
    for (let j = 0; j < 200 && !(await firstFrame()); j++) await sleep(50);
    const first = await firstFrame();
    if (first) starts.push(first);
    const joined = (await late.evaluate('window.__joinedAt')) as number | undefined;
    if (first && joined) joins.push(joined);
    if (first) steps.push((await late.evaluate(timeline)) as Record<string, number>);
    await late.context().close();
  }

  const stepNames = [...new Set(steps.flatMap((s) => Object.keys(s)))];
  const breakdown = stepNames
    .map((name) => ({ name, at: median(steps.map((s) => s[name]).filter((v): v is number => v !== undefined)) }))
    .sort((a, b) => a.at - b.at);
  process.stdout.write(`late joiner, median ms from page open:\n${breakdown.map((b) => `  ${Math.round(b.at)}\t${b.name}`).join('\n')}\n`);
  writeBenchResult(
    'live-latency',
    [
      { label: 'glass-to-glass median', value: median(samples), unit: 'ms', target: 300, better: 'lower' },
      { label: 'glass-to-glass p95', value: percentile(samples, 0.95), unit: 'ms', target: 300, better: 'lower' },
      { label: `late joiner: page open to first frame (median of ${LATE_JOINERS})`, value: median(starts), unit: 'ms', target: 2000, better: 'lower', detail: starts.map((s) => Math.round(s)).join(', ') },
      { label: `late joiner: page open to joined the room (median of ${LATE_JOINERS})`, value: median(joins), unit: 'ms', detail: joins.map((s) => Math.round(s)).join(', ') },
    ],
    [
      `${samples.length} frames over ${SECONDS} s; studio → SFU → resident page in one headless Chromium on loopback (H.264 simulcast, 1280x720 canvas camera).`,
      `Late joiner, median ms from page open to the end of each step: ${breakdown.map((b) => `${b.name} ${Math.round(b.at)}`).join('; ')}.`,
      `Load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.availableParallelism()} cores.`,
    ],
  );
} finally {
  await browser.close();
  await server.stop();
}
process.exit(0);
