import fs from 'node:fs';
import path from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { demoCouncil } from '../helpers/retention.js';
import { startS3, type TestS3 } from '../helpers/s3.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';
import { waitFor } from '../helpers/wait.js';

/**
 * Retention with recordings kept in an S3 store (s3rver): the sweep deletes the recording's objects from the
 * bucket as well as its local folder, and when the store is down the rows still go (nothing points at the
 * files) while the files are logged and deleted at the next sweep.
 */
let s3: TestS3;
let server: TestServer;
let admin: Login;
let sessionId: number;
let recordingId: number;

const objectsOf = async (id: number) =>
  ((await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${id}/` }))).Contents ?? []).map((o) => o.Key);
const sweep = async () => {
  const r = await call(server.url, admin, 'POST', '/api/retention/sweep');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { deleted: { recordingId: number; sessionId: number }[]; filesPending: number };
};

beforeAll(async () => {
  s3 = await startS3();
  // The S3 settings are what this file tests (the product default keeps recordings on the local disk).
  server = await startServer({ env: s3.env });
  admin = await login(server, 'admin');
  sessionId = demoIds(server).endedSessionId;
  // The demo's ended session (14 days ago) gets its recording from the job queue, then it is uploaded.
  await waitFor(
    'the demo recording uploaded',
    () => queryServerDb(server.dataDir, `SELECT 1 FROM jobs WHERE kind = 'recording-upload' AND status = 'done'`)[0],
    180_000,
  );
  recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', sessionId)[0]!.id;
  const clerk = await login(server, 'clerk');
  expect((await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${sessionId}`, { visibility: 'private' })).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await s3?.stop();
});

describe('retention with an S3 store', () => {
  it('deletes the rows while the store is down, and the bucket objects and local folder at the next sweep', async () => {
    expect((await objectsOf(sessionId)).length).toBeGreaterThan(5);
    const bodyId = (await call(server.url, null, 'GET', '/api/bodies')).body.items.find((b: any) => b.slug === demoCouncil).id;
    expect((await call(server.url, admin, 'PATCH', `/api/clerk/bodies/${bodyId}`, { retentionDays: 7 })).status).toBe(200);

    await s3.stop();
    expect(await sweep()).toEqual({ deleted: [{ recordingId, sessionId }], filesPending: 1 });
    expect(queryServerDb(server.dataDir, 'SELECT 1 FROM recordings WHERE id = ?', recordingId)).toEqual([]);
    expect(queryServerDb(server.dataDir, 'SELECT 1 FROM recording_objects WHERE recording_id = ?', recordingId)).toEqual([]);
    // The server's log reaches this process over a pipe, which may come after the sweep's HTTP reply.
    await expect
      .poll(() => server.logs.some((l) => l.msg === 'retention: deleting recording files failed; retried at the next sweep' && l.sessionId === sessionId))
      .toBe(true);

    await s3.start();
    expect(await sweep()).toEqual({ deleted: [], filesPending: 0 });
    expect(await objectsOf(sessionId)).toEqual([]);
    expect(fs.existsSync(path.join(server.recordingsDir, String(sessionId)))).toBe(false);
    expect(queryServerDb(server.dataDir, `SELECT 1 FROM audit_log WHERE action = 'recording.retention_delete' AND target = ?`, `recording:${recordingId}`)).toHaveLength(1);
  });
});
