import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

let s3: TestS3;
let server: TestServer;
let recordingsDir: string;
let sessionId: number;
let segment: { path: string; bytes: number };
/** Another verified segment of the same recording, whose local copy stays. */
let kept: { path: string; bytes: number };

const bucketBytes = async (key: string) =>
  Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());

/** The server with the S3 settings (what this file tests) on the same data and recordings folders. */
const start = (extra: Record<string, string> = {}) =>
  startServer({ env: { ...s3.env, RECORDINGS_DIR: recordingsDir, ...extra }, dataDir: server?.dataDir });

beforeAll(async () => {
  s3 = await startS3();
  recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-s3-rec-'));
  server = await start();
  // The demo's ended session gets a real recording (clip, ladder) from the job queue; then it is uploaded.
  const upload = await waitFor(
    'the demo recording uploaded and verified',
    () => queryServerDb<{ status: string; payload: string }>(server.dataDir, `SELECT status, payload FROM jobs WHERE kind = 'recording-upload' AND status = 'done'`)[0],
    180_000,
  );
  const recordingId = (JSON.parse(upload.payload) as { recordingId: number }).recordingId;
  sessionId = queryServerDb<{ session_id: number }>(server.dataDir, 'SELECT session_id FROM recordings WHERE id = ?', recordingId)[0]!.session_id;
  [segment, kept] = queryServerDb<{ path: string; bytes: number }>(
    server.dataDir,
    `SELECT path, bytes FROM recording_objects WHERE recording_id = ? AND path LIKE '%.ts' AND verified_at IS NOT NULL ORDER BY path LIMIT 2`,
    recordingId,
  ) as [typeof segment, typeof kept];
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

describe('recordings kept in an S3 store', () => {
  it('uploads every file of a finished recording and records each as verified; playlists stay on the server', async () => {
    const rows = queryServerDb<{ path: string; verified_at: string | null }>(server.dataDir, 'SELECT path, verified_at FROM recording_objects');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.verified_at !== null)).toBe(true);
    expect(rows.map((r) => r.path)).toContain(`${sessionId}/master.m3u8`);
    expect(rows.map((r) => r.path)).toContain(`${sessionId}/poster.jpg`);
    // The local copy is kept (S3_DELETE_LOCAL_AFTER_UPLOAD is off by default).
    expect(fs.existsSync(path.join(recordingsDir, segment.path))).toBe(true);
    const master = await fetch(`${server.url}/recordings/${sessionId}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toContain('mpegurl');
  });

  it('serves a public file from the store through the recording route, ranges included', async () => {
    // Its local copy goes: what is served now can only come from the bucket.
    const local = path.join(recordingsDir, segment.path);
    const stored = await bucketBytes(segment.path);
    expect(stored.equals(fs.readFileSync(local))).toBe(true);
    fs.rmSync(local);

    const whole = await fetch(`${server.url}/recordings/${segment.path}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp2t');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    // The same rule as a file on the local disk (recordingCacheControl), RECORDINGS_CACHE_SEC being 60 by default.
    expect(whole.headers.get('cache-control')).toBe('public, max-age=60');
    expect(Buffer.from(await whole.arrayBuffer()).equals(stored)).toBe(true);

    const ranged = await fetch(`${server.url}/recordings/${segment.path}`, { headers: { range: 'bytes=188-375' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 188-375/${segment.bytes}`);
    expect(ranged.headers.get('content-length')).toBe('188');
    expect(Buffer.from(await ranged.arrayBuffer()).equals(stored.subarray(188, 376))).toBe(true);

    const head = await fetch(`${server.url}/recordings/${segment.path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(segment.bytes));
  });

  it('the store down: a file whose local copy is kept is served from it, one without answers 503 saying so', async () => {
    await s3.stop();
    try {
      // The segment of the test above has no local copy any more.
      const gone = await fetch(`${server.url}/recordings/${segment.path}`);
      expect(gone.status).toBe(503);
      expect((await gone.json()).error.code).toBe('unavailable');
      const local = await fetch(`${server.url}/recordings/${kept.path}`);
      expect(local.status).toBe(200);
      expect(Buffer.from(await local.arrayBuffer()).equals(fs.readFileSync(path.join(recordingsDir, kept.path)))).toBe(true);
      expect(server.logs.some((l) => l.msg === 'recording file could not be read from the object store')).toBe(true);
    } finally {
      await s3.start();
    }
    // Back: served from the bucket again.
    expect((await fetch(`${server.url}/recordings/${segment.path}`)).status).toBe(200);
  });

  it('a private session\'s stored files reach only those who may see them, streamed, never redirected', async () => {
    const clerk = await login(server, 'clerk');
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${sessionId}`, { visibility: 'private' })).status).toBe(200);
    const anonymous = await fetch(`${server.url}/recordings/${segment.path}`, { redirect: 'manual' });
    expect(anonymous.status).toBe(404);
    const seen = await fetch(`${server.url}/recordings/${segment.path}`, { headers: { cookie: clerk.cookie, range: 'bytes=0-187' }, redirect: 'manual' });
    expect(seen.status).toBe(206);
    expect(seen.headers.get('location')).toBeNull();
    expect(seen.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await seen.arrayBuffer()).equals((await bucketBytes(segment.path)).subarray(0, 188))).toBe(true);
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${sessionId}`, { visibility: 'public' })).status).toBe(200);
  });

  it('with S3_SERVE=redirect a public file is a 302 to a presigned URL, a private one still streamed', async () => {
    await server.stop();
    // Redirect mode is the setting under test.
    server = await start({ S3_SERVE: 'redirect' });
    const redirected = await fetch(`${server.url}/recordings/${segment.path}`, { redirect: 'manual' });
    expect(redirected.status).toBe(302);
    // The redirect is the browser's alone: a shared cache would hand a hidden session's presigned URL on.
    expect(redirected.headers.get('cache-control')).toBe('private, max-age=60');
    const location = redirected.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/${segment.path}?`)).toBe(true);
    expect(location).toContain('X-Amz-Signature=');
    const fromStore = await fetch(location, { headers: { range: 'bytes=0-187' } });
    expect(fromStore.status).toBe(206);
    expect(Buffer.from(await fromStore.arrayBuffer()).equals((await bucketBytes(segment.path)).subarray(0, 188))).toBe(true);
    // Playlists are the server's own, never redirected.
    expect((await fetch(`${server.url}/recordings/${sessionId}/master.m3u8`, { redirect: 'manual' })).status).toBe(200);

    const clerk = await login(server, 'clerk');
    expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${sessionId}`, { visibility: 'private' })).status).toBe(200);
    const seen = await fetch(`${server.url}/recordings/${segment.path}`, { headers: { cookie: clerk.cookie }, redirect: 'manual' });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('location')).toBeNull();
    expect((await fetch(`${server.url}/recordings/${segment.path}`, { redirect: 'manual' })).status).toBe(404);
  }, 60_000);
});
