// The sources a live bench puts on air, each through the path a council hall would use: the operator's studio
// page (browser camera, three simulcast layers), the broadcast CLI (a file, H.264 copied), an RTMP encoder (ffmpeg
// fed raw frames, libx264 zerolatency, FLV over RTMP with a stream key from the API) and a WHIP encoder (a
// Chromium page, RFC 9725 POST with the key). The studio, RTMP and WHIP pictures carry the barcode clock.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { call, login, type ServerRef } from '../../tests/helpers/auth.js';
import { newContext } from '../../tests/helpers/browser.js';
import { loginInPage } from '../../tests/helpers/webrtc.js';
import { broadcastFile } from '../../tests/helpers/wait.js';
import { clockCameraScript, clockPainterScript, RawClockFrames } from './glass-barcode.js';
import { sleep } from './sfu-lib.js';

const run = promisify(execFile);

export type SourceKind = 'studio' | 'cli' | 'rtmp' | 'whip';
export const sourceKinds: SourceKind[] = ['studio', 'cli', 'rtmp', 'whip'];
export type OnAir = { kind: SourceKind; detail: string; stop: () => Promise<void> };
export type SourceOptions = { browser: Browser; server: ServerRef; sessionId: number; gopSec: number };

/** Puts `kind` on air for the session and resolves once the session is live; null when the server lacks it. */
export async function putOnAir(kind: SourceKind, o: SourceOptions): Promise<OnAir | null> {
  const source = await { studio: studioSource, cli: cliSource, rtmp: rtmpSource, whip: whipSource }[kind](o);
  if (!source) return null;
  try {
    await untilLive(o.server, o.sessionId);
  } catch (error) {
    await source.stop();
    throw error;
  }
  return source;
}

/** Parses BENCH_SOURCES (comma-separated kinds) or returns `fallback`. */
export function sourcesFromEnv(fallback: SourceKind[]): SourceKind[] {
  const wanted = process.env.BENCH_SOURCES?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return fallback;
  const unknown = wanted.filter((w) => !sourceKinds.includes(w as SourceKind));
  if (unknown.length) throw new Error(`BENCH_SOURCES: unknown source ${unknown.join(', ')}; known: ${sourceKinds.join(', ')}`);
  return wanted as SourceKind[];
}

async function untilLive(server: ServerRef, sessionId: number, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    if (res.body?.status === 'live') return;
    if (Date.now() > until) throw new Error(`session ${sessionId} did not go live within ${timeoutMs} ms (status ${res.body?.status})`);
    await sleep(200);
  }
}

async function studioSource({ browser, server, sessionId }: SourceOptions): Promise<OnAir> {
  const context = await newContext(browser);
  await context.addInitScript({ content: clockCameraScript });
  const studio = await context.newPage();
  studio.on('pageerror', (e) => process.stderr.write(`studio page error: ${e.message}\n`));
  await loginInPage(studio, server, 'operator');
  await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
  await studio.getByRole('button', { name: 'Go live' }).click({ timeout: 30_000 });
  return { kind: 'studio', detail: 'studio page: 1280x720 canvas camera, H.264 simulcast 3 layers', stop: () => context.close() };
}

/** A file as a camera recording would be: H.264 constrained baseline (copied by the CLI), a keyframe every `gopSec`. */
async function cliClip(gopSec: number): Promise<string> {
  const dir = path.join(os.tmpdir(), 'nist-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `glass-cli-640x360-gop${gopSec}.mp4`);
  if (fs.existsSync(file)) return file;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=20', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=20',
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-bf', '0', '-g', String(Math.round(gopSec * 25)), '-keyint_min', String(Math.round(gopSec * 25)),
    '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', `${file}.tmp.mp4`,
  ]);
  fs.renameSync(`${file}.tmp.mp4`, file);
  return file;
}

async function cliSource({ server, sessionId, gopSec }: SourceOptions): Promise<OnAir> {
  const child = broadcastFile(server, sessionId, await cliClip(gopSec));
  return { kind: 'cli', detail: `npm run broadcast: 640x360 H.264 file copied, keyframe every ${gopSec} s`, stop: () => endProcess(child, 'SIGINT') };
}

/** A stream key for the session, made through the API as the studio page makes it. */
async function streamKey(server: ServerRef, sessionId: number): Promise<{ key: string; rtmpUrl: string | null; whipUrl: string }> {
  const operator = await login(server, 'operator');
  const res = await call(server.url, operator, 'POST', `/api/sessions/${sessionId}/stream-key`);
  if (res.status !== 201) throw new Error(`POST stream-key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * An RTMP encoder as the studio panel tells an operator to set one up (H.264 without B-frames, a keyframe every
 * `gopSec`, AAC 48 kHz), tuned for latency as OBS's "zerolatency" is. Both inputs are live, as a camera and a
 * microphone are: barcode frames at 30 fps on stdin and a tone as 16-bit PCM on fd 3, written against the wall
 * clock. (A tone from lavfi paced by `-re` starts its clock only once ffmpeg has started, and the FLV muxer's
 * interleaving then holds every video frame back by ffmpeg's start-up time: a second or more.)
 */
async function rtmpSource({ server, sessionId, gopSec }: SourceOptions): Promise<OnAir | null> {
  const { key, rtmpUrl } = await streamKey(server, sessionId);
  if (!rtmpUrl) return null;
  const frames = new RawClockFrames(640, 360);
  const fps = 30;
  const samplesPerFrame = 48_000 / fps;
  const gop = String(Math.round(gopSec * fps));
  const ffmpeg = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${frames.width}x${frames.height}`, '-framerate', String(fps), '-i', 'pipe:0',
    '-f', 's16le', '-ar', '48000', '-ac', '1', '-i', 'pipe:3',
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-bf', '0', '-g', gop, '-keyint_min', gop,
    '-sc_threshold', '0', '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '1500k', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-ar', '48000', '-b:a', '96k', '-flvflags', 'no_duration_filesize',
    '-f', 'flv', `${rtmpUrl}/${key}`,
  ], { stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
  const video = ffmpeg.stdin!;
  const audio = ffmpeg.stdio[3] as Writable;
  let stderr = '';
  ffmpeg.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  video.on('error', () => undefined);
  audio.on('error', () => undefined);
  // Frames at a steady 30 fps against the wall clock (a late timer is caught up, not accumulated).
  const started = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (ffmpeg.exitCode !== null || video.destroyed) return;
    video.write(frames.frame(Date.now()));
    audio.write(tone(n * samplesPerFrame, samplesPerFrame));
    n += 1;
    timer = setTimeout(tick, Math.max(0, started + (n * 1000) / fps - performance.now()));
  };
  tick();
  ffmpeg.once('exit', (code) => {
    clearTimeout(timer);
    if (code && code !== 255) process.stderr.write(`RTMP encoder exited ${code}: ${stderr}\n`);
  });
  return {
    kind: 'rtmp',
    detail: `ffmpeg libx264 ultrafast zerolatency 640x360 30 fps, keyframe every ${gopSec} s, AAC → RTMP`,
    stop: async () => {
      clearTimeout(timer);
      video.end();
      audio.end();
      await endProcess(ffmpeg, 'SIGINT');
    },
  };
}

/** `count` samples of a quiet 440 Hz tone from sample `from`, 16-bit little-endian mono at 48 kHz. */
function tone(from: number, count: number): Buffer {
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) out.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * (from + i)) / 48_000)), i * 2);
  return out;
}

/** A WHIP encoder: a Chromium page sending a 1280x720 barcode canvas (H.264 preferred) and a tone (Opus). */
async function whipSource({ browser, server, sessionId }: SourceOptions): Promise<OnAir | null> {
  const { key, whipUrl } = await streamKey(server, sessionId);
  const context = await newContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`WHIP page error: ${e.message}\n`));
  await page.goto(`${server.url}/api/health`);
  await page.evaluate(clockPainterScript);
  const outcome = (await page.evaluate(whipPublishScript(whipUrl, key))) as { ok: true; location: string } | { ok: false; status: number; text: string };
  if (!outcome.ok) {
    await context.close();
    if (outcome.status === 404) return null; // this server has no WHIP endpoint
    throw new Error(`WHIP POST ${whipUrl}: ${outcome.status} ${outcome.text}`);
  }
  return {
    kind: 'whip',
    detail: 'Chromium page: 1280x720 canvas, H.264, Opus, WHIP',
    stop: async () => {
      await page.evaluate(`fetch(${JSON.stringify(outcome.location)}, { method: 'DELETE', headers: { authorization: 'Bearer ${key}' } }).catch(() => undefined)`).catch(() => undefined);
      await context.close();
    },
  };
}

/** RFC 9725 from the page: offer (sendonly video + audio), POST application/sdp with the bearer key, answer. */
function whipPublishScript(whipUrl: string, key: string): string {
  return `(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    window.__nistPaintClock(canvas);
    const video = canvas.captureStream(30).getVideoTracks()[0];
    const audioContext = new AudioContext();
    const tone = audioContext.createOscillator();
    const out = audioContext.createMediaStreamDestination();
    tone.connect(out);
    tone.start();
    const pc = new RTCPeerConnection();
    const vt = pc.addTransceiver(video, { direction: 'sendonly' });
    pc.addTransceiver(out.stream.getAudioTracks()[0], { direction: 'sendonly' });
    // H.264 as OBS sends it (constrained baseline first), with its RTX.
    const codecs = RTCRtpSender.getCapabilities('video').codecs;
    const h264 = codecs.filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || ''));
    h264.sort((a, b) => Number(/42e01f/.test(b.sdpFmtpLine || '')) - Number(/42e01f/.test(a.sdpFmtpLine || '')));
    if (h264.length) vt.setCodecPreferences([...h264, ...codecs.filter((c) => c.mimeType === 'video/rtx')]);
    await pc.setLocalDescription(await pc.createOffer());
    // No trickle: the offer carries the host candidates (gathered in a few ms on loopback; at most 1 s here).
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 1000);
    });
    const res = await fetch(${JSON.stringify(whipUrl)}, { method: 'POST', headers: { 'content-type': 'application/sdp', authorization: 'Bearer ${key}' }, body: pc.localDescription.sdp });
    if (res.status !== 201) return { ok: false, status: res.status, text: (await res.text()).slice(0, 500) };
    const location = new URL(res.headers.get('location'), ${JSON.stringify(whipUrl)}).href;
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    window.__whip = pc;
    return { ok: true, location };
  })()`;
}

/** Signals a child and waits for it to exit (SIGKILL after 5 s). */
export async function endProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A page's console errors and uncaught errors, printed (a bench that hides them measures a broken page). */
export function reportPageErrors(page: Page, label: string): void {
  page.on('pageerror', (e) => process.stderr.write(`${label} page error: ${e.message}\n`));
  page.on('console', (m) => m.type() === 'error' && process.stderr.write(`${label} console: ${m.text()}\n`));
}
