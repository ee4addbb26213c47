import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/core/config.js';
import { call, demoPassword, login } from '../helpers/auth.js';
import { generateClip } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok } from '../helpers/signaling.js';

// Server-side simulcast of single-layer sources: what a resident's consumer of the one video producer sees.
let server: TestServer;
beforeAll(async () => {
  // The product's defaults (INGEST_SIMULCAST on), RTMP on a free port as the helper sets it.
  server = await startServer();
}, 60_000);
afterAll(async () => {
  await server?.stop();
  for (const e of encoders) if (e.exitCode === null) e.kill('SIGKILL');
});

const encoders: ChildProcess[] = [];

/** An encoder as OBS is told to send: H.264 without B-frames (copied), 2 s keyframes, AAC, over RTMP. */
function publish(url: string, size: string, fps: number, seconds = 40): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-bf', '0', '-g', String(fps * 2),
      '-b:v', '2000k', '-maxrate', '2000k', '-bufsize', '4000k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-f', 'flv', url,
    ],
    { stdio: 'ignore' },
  );
  encoders.push(child);
  return child;
}

async function rtmpUrlOf(s: TestServer, sessionId: number): Promise<string> {
  const res = await call(s.url, await login(s, 'operator'), 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  return `${res.body.rtmpUrl}/${res.body.key}`;
}

/** A resident's consumer of the session's video: simulcast with N layers (`LNT1`) or a simple one. */
async function videoConsumerOf(s: TestServer, sessionId: number): Promise<{ type: string; scalabilityMode: string | undefined }> {
  const resident = await connect(s.url);
  try {
    const joined = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    const video = joined.producers.find((p: { kind: string }) => p.kind === 'video');
    expect(video).toBeDefined();
    const recv = await ok(resident, 'signal:create-transport', { direction: 'recv' });
    const c = await ok(resident, 'signal:consume', { transportId: recv.id, producerId: video.producerId, rtpCapabilities: joined.routerRtpCapabilities });
    return { type: c.type, scalabilityMode: c.rtpParameters.encodings?.[0]?.scalabilityMode };
  } finally {
    resident.disconnect();
  }
}

/** Publishes over RTMP and resolves once the session is live. */
async function goLiveOverRtmp(s: TestServer, size: string, fps: number): Promise<{ sessionId: number; encoder: ChildProcess }> {
  const sessionId = addSession(s);
  const url = await rtmpUrlOf(s, sessionId);
  const watcher = await connect(s.url);
  await ok(watcher, 'session:watch', { sessionId });
  const live = nextEvent(watcher, 'session:live');
  const encoder = publish(url, size, fps);
  await live;
  watcher.disconnect();
  return { sessionId, encoder };
}

const onAirLog = (s: TestServer, sessionId: number) => s.logs.find((l) => l.msg === 'RTMP source on air' && l.sessionId === sessionId);

describe('server-side simulcast over RTMP (product defaults)', () => {
  it('offers a 720p30 encoder as one producer in three layers: 180p, 360p and the source copied', async () => {
    const { sessionId, encoder } = await goLiveOverRtmp(server, '1280x720', 30);
    expect(await videoConsumerOf(server, sessionId)).toEqual({ type: 'simulcast', scalabilityMode: 'L3T1' });
    await expect.poll(() => onAirLog(server, sessionId)).toMatchObject({ video: 'H.264 copied', layers: '720p + 360p + 180p' });
    encoder.kill('SIGKILL');
  }, 90_000);

  it('offers a 480p encoder in two layers: 360p and the source', async () => {
    const { sessionId, encoder } = await goLiveOverRtmp(server, '854x480', 25);
    expect(await videoConsumerOf(server, sessionId)).toEqual({ type: 'simulcast', scalabilityMode: 'L2T1' });
    await expect.poll(() => onAirLog(server, sessionId)).toMatchObject({ layers: '480p + 360p' });
    encoder.kill('SIGKILL');
  }, 90_000);
});

describe('INGEST_SIMULCAST=0', () => {
  it('offers the encoder as it comes, one layer', async () => {
    // INGEST_SIMULCAST=0 is the setting under test.
    const off = await startServer({ env: { INGEST_SIMULCAST: '0' } });
    try {
      const { sessionId, encoder } = await goLiveOverRtmp(off, '1280x720', 30);
      const consumer = await videoConsumerOf(off, sessionId);
      expect(consumer.type).toBe('simple');
      expect(consumer.scalabilityMode ?? 'L1T1').toBe('L1T1');
      await expect.poll(() => onAirLog(off, sessionId)).toMatchObject({ layers: '720p' });
      encoder.kill('SIGKILL');
    } finally {
      await off.stop();
    }
  }, 90_000);
});

describe('npm run broadcast', () => {
  function broadcast(s: TestServer, args: string[], env: Record<string, string> = {}): { done: Promise<{ code: number | null; stderr: string }>; child: ChildProcess } {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/broadcast.ts'), ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NIST_URL: s.url, NIST_PASSWORD: demoPassword(s, 'operator'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    return { child, done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))) };
  }

  async function liveFromCli(env: Record<string, string>) {
    const clip = await generateClip({ seconds: 20, width: 1280, height: 720 });
    const sessionId = addSession(server);
    const watcher = await connect(server.url);
    await ok(watcher, 'session:watch', { sessionId });
    const live = nextEvent(watcher, 'session:live');
    const run = broadcast(server, ['--session', String(sessionId), '--source', clip], env);
    await live;
    watcher.disconnect();
    const consumer = await videoConsumerOf(server, sessionId);
    run.child.kill('SIGINT');
    return { consumer, result: await run.done };
  }

  it('puts a 720p file on air in three layers', async () => {
    const { consumer, result } = await liveFromCli({});
    expect(consumer).toEqual({ type: 'simulcast', scalabilityMode: 'L3T1' });
    expect(result.stderr).toContain('layers 720p + 360p + 180p');
    expect(result.code).toBe(0);
  }, 90_000);

  it('in one layer with INGEST_SIMULCAST=0, and refuses a value it cannot read', async () => {
    // INGEST_SIMULCAST=0 is the setting under test.
    const { consumer, result } = await liveFromCli({ INGEST_SIMULCAST: '0' });
    expect(consumer.type).toBe('simple');
    expect(result.stderr).not.toContain('layers');
    const bad = await broadcast(server, ['--session', '1', '--source', 'x.mp4'], { INGEST_SIMULCAST: 'maybe' }).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('INGEST_SIMULCAST="maybe"');
  }, 90_000);
});
