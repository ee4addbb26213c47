import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { runServerExpectingExit, startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok } from '../helpers/signaling.js';

let server: TestServer;
let operator: Login;
beforeAll(async () => {
  // RTMP_PORT=0 (set by the helper as PORT=0 is): a free RTMP port, so test servers can run side by side.
  server = await startServer();
  operator = await login(server, 'operator');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** An encoder: ffmpeg publishing a test pattern and a tone as H.264 (no B-frames) + AAC over RTMP. */
function publish(url: string, seconds: number): { done: Promise<number | null>; stop: () => void; stderr: () => string } {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', '50', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ar', '48000', '-f', 'flv', url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return { done: new Promise((resolve) => child.once('exit', (code) => resolve(code))), stop: () => child.kill('SIGKILL'), stderr: () => stderr };
}

const statusOf = async (id: number) => ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { status: string }).status;
const recordingRows = (sessionId: number) => {
  const db = new Database(path.join(server.dataDir, 'nist.db'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM recordings WHERE session_id = ?').pluck().get(sessionId) as number;
  } finally {
    db.close();
  }
};
const audit = async (action: string) => (await call(server.url, await login(server, 'admin'), 'GET', `/api/admin/audit?action=${action}`)).body;

async function newKey(sessionId: number): Promise<{ key: string; rtmpUrl: string; whipUrl: string }> {
  const res = await call(server.url, operator, 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  return res.body;
}

describe('stream keys', () => {
  it('are made by the body’s operators, shown once with the encoder URLs, hashed in the database', async () => {
    const sessionId = addSession(server);
    const created = await newKey(sessionId);
    expect(created.rtmpUrl).toBe(`rtmp://127.0.0.1:${server.rtmpPort}/live`);
    expect(created.whipUrl).toBe(`${server.url}/api/whip/${sessionId}`);
    expect(created.key.length).toBeGreaterThan(30);
    const db = new Database(path.join(server.dataDir, 'nist.db'), { readonly: true });
    const stored = db.prepare('SELECT key_hash FROM stream_keys WHERE session_id = ?').pluck().all(sessionId) as string[];
    db.close();
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain(created.key);
    const shown = await call(server.url, operator, 'GET', `/api/sessions/${sessionId}/stream-key`);
    expect(shown.body).toMatchObject({ active: true });
    expect(JSON.stringify(shown.body)).not.toContain(created.key);

    const library = addSession(server, { bodySlug: 'ashtarak-library' });
    expect((await call(server.url, operator, 'POST', `/api/sessions/${library}/stream-key`)).status).toBe(403);
    expect((await call(server.url, null, 'POST', `/api/sessions/${sessionId}/stream-key`)).status).toBe(401);
    expect((await call(server.url, { ...operator, csrfToken: 'wrong' }, 'POST', `/api/sessions/${sessionId}/stream-key`)).status).toBe(403);
    const entries = (await audit('stream_key.create')).items as { target: string }[];
    expect(entries.some((e) => e.target === `session:${sessionId}`)).toBe(true);
  });

  it('take the encoder URLs’ host from PUBLIC_URL when it is set, whatever host the operator used', async () => {
    // PUBLIC_URL is the setting under test (the default, none, is the request's host, tested above).
    const site = await startServer({ env: { PUBLIC_URL: 'https://nist.example.am/' } });
    try {
      const res = await call(site.url, await login(site, 'operator'), 'POST', `/api/sessions/${addSession(site)}/stream-key`);
      expect(res.status).toBe(201);
      expect(res.body.rtmpUrl).toBe(`rtmp://nist.example.am:${site.rtmpPort}/live`);
      expect(res.body.whipUrl).toMatch(/^https:\/\/nist\.example\.am\/api\/whip\/\d+$/);
    } finally {
      await site.stop();
    }
  }, 60_000);
});

describe('RTMP ingest', () => {
  it('takes the scheduled session live from an encoder; residents get its video and audio; it is recorded', async () => {
    const sessionId = addSession(server);
    const { key, rtmpUrl } = await newKey(sessionId);
    const resident = await connect(server.url);
    await ok(resident, 'session:watch', { sessionId });
    const live = nextEvent(resident, 'session:live');
    const encoder = publish(`${rtmpUrl}/${key}`, 30);
    await live;
    expect(await statusOf(sessionId)).toBe('live');
    const joined = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    expect(joined.producers.map((p: { kind: string }) => p.kind).sort()).toEqual(['audio', 'video']);
    const shown = (await call(server.url, operator, 'GET', `/api/sessions/${sessionId}/stream-key`)).body;
    expect(shown.encoder).toMatchObject({ protocol: 'rtmp', video: { codec: 'h264', bFrames: false, transcoded: false }, audio: { codec: 'aac' } });

    // A second encoder on the same key while the first is on air is refused.
    const second = publish(`${rtmpUrl}/${key}`, 5);
    expect(await second.done).not.toBe(0);

    // The encoder drops and comes back within the grace: same session, same recording.
    const interrupted = nextEvent(resident, 'session:interrupted');
    encoder.stop();
    await interrupted;
    const resumed = nextEvent(resident, 'session:resumed');
    const again = publish(`${rtmpUrl}/${key}`, 30);
    await resumed;
    expect(await statusOf(sessionId)).toBe('live');
    expect(recordingRows(sessionId)).toBe(1);
    again.stop();
    resident.disconnect();
    const uses = (await audit('stream_key.use')).items as { target: string }[];
    expect(uses.filter((e) => e.target === `session:${sessionId}`).length).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('refuses a wrong key and a revoked key before any media is read, and changes nothing', async () => {
    const sessionId = addSession(server);
    const { key, rtmpUrl } = await newKey(sessionId);
    const wrong = publish(`${rtmpUrl}/nist_${sessionId}_not-the-key`, 5);
    expect(await wrong.done).not.toBe(0);

    expect((await call(server.url, operator, 'DELETE', `/api/sessions/${sessionId}/stream-key`)).body).toEqual({ revoked: true });
    const revoked = publish(`${rtmpUrl}/${key}`, 5);
    expect(await revoked.done).not.toBe(0);

    // A new key replaces the old one: the old stays refused.
    await newKey(sessionId);
    const replaced = publish(`${rtmpUrl}/${key}`, 5);
    expect(await replaced.done).not.toBe(0);
    expect(await statusOf(sessionId)).toBe('scheduled');
    const refusals = (await audit('stream_key.refuse')).items as { target: string }[];
    expect(refusals.filter((e) => e.target === `session:${sessionId}` || e.target === 'stream_key').length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('RTMP_PORT', () => {
  it('off: no RTMP listener, and the key reply says so', async () => {
    // RTMP_PORT=off is the setting under test.
    const off = await startServer({ env: { RTMP_PORT: 'off' } });
    try {
      expect(off.rtmpPort).toBeNull();
      const res = await call(off.url, await login(off, 'operator'), 'POST', `/api/sessions/${addSession(off)}/stream-key`);
      expect(res.status).toBe(201);
      expect(res.body.rtmpUrl).toBeNull();
    } finally {
      await off.stop();
    }
  }, 60_000);

  it('a port already in use stops the start with a message naming RTMP_PORT', async () => {
    const taken = net.createServer().listen(0);
    await new Promise((r) => taken.once('listening', r));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      // RTMP_PORT set to a busy port: the case under test.
      const { code, stderr } = await runServerExpectingExit({ RTMP_PORT: String(port), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rtmp-')), RECORDINGS_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rtmp-rec-')) });
      expect(code).not.toBe(0);
      expect(stderr).toContain(`RTMP port ${port} is already in use`);
    } finally {
      taken.close();
    }
  }, 60_000);
});
