import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { loadConfig } from '../../server/core/config.js';
import { openDatabase, type Db } from '../../server/core/database.js';
import type { RecordingId, SessionId } from '../../server/core/ids.js';
import { createRepositories, type Repositories } from '../../server/core/repositories.js';
import { RecordingObjectsRepository } from '../../server/recording/recording-objects.repository.js';
import { partSize, S3Objects } from '../../server/recording/s3-objects.js';
import { S3RecordingStore, uploadJob } from '../../server/recording/s3-store.js';
import { startS3, type TestS3 } from '../helpers/s3.js';

const run = promisify(execFile);
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A logger whose lines the test reads (the uploader's retries are logged). */
function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink), lines };
}

let s3: TestS3;
let db: Db;
let repos: Repositories;
let root: string;
let sessionId: SessionId;
let recordingId: RecordingId;

beforeAll(async () => {
  s3 = await startS3();
  db = openDatabase(path.join(tmp('nist-s3-data-'), 'nist.db'));
  repos = createRepositories(db);
  const catalog = new CatalogService(repos);
  const body = catalog.createBody({ slug: 'council', kind: 'council', name: { hy: 'Ա', en: 'A', ru: 'А' } });
  sessionId = catalog.createSession({
    bodyId: body.id,
    kind: 'council',
    title: 'Budget',
    startsAt: new Date().toISOString(),
    location: '',
    status: 'ended',
    visibility: 'public',
    createdBy: null,
  }).id;
  root = tmp('nist-s3-rec-');
  recordingId = repos.recordings.create({ sessionId, status: 'ready', durationSec: 8, startedAt: new Date().toISOString(), hlsPath: `${sessionId}/master.m3u8`, posterPath: null }).id;
  // A real recording's files: an 8-second H.264 file at a constant 14 Mb/s (about 14 MB: three 5 MiB parts),
  // a small segment and a playlist.
  const dir = path.join(root, String(sessionId));
  fs.mkdirSync(path.join(dir, 'source'), { recursive: true });
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=8',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '14M', '-minrate', '14M', '-maxrate', '14M', '-bufsize', '2M',
    '-x264-params', 'nal-hrd=cbr', path.join(dir, 'source', 'full.mp4'),
  ]);
  fs.writeFileSync(path.join(dir, 'source', 'seg00000.ts'), Buffer.alloc(188 * 100, 0x47));
  fs.writeFileSync(path.join(dir, 'source', 'index.m3u8'), '#EXTM3U\n#EXTINF:2.0,\nseg00000.ts\n#EXT-X-ENDLIST\n');
}, 120_000);

afterAll(async () => {
  await s3?.stop();
  db?.close();
});

function storeFor(log: pino.Logger, deleteLocalAfterUpload: boolean) {
  const config = loadConfig({ ...s3.env, RECORDINGS_DIR: root }).objectStore!;
  const objects = new RecordingObjectsRepository(db);
  // Retries a little faster than the product's (first after 0.5 s) would not change what is shown; the
  // product's policy is kept, so the test waits out its real backoff.
  return { store: new S3RecordingStore(root, new S3Objects(config), objects, repos.jobs, log, { deleteLocalAfterUpload }), objects };
}

describe('recordings in an S3 store (s3rver)', () => {
  it('keep() queues the upload job for the server to run', () => {
    const { store } = storeFor(capturingLog().log, false);
    store.keep({ id: recordingId, sessionId });
    expect(db.prepare('SELECT kind, payload FROM jobs').all()).toEqual([{ kind: uploadJob, payload: JSON.stringify({ recordingId }) }]);
  });

  it('uploads a recording multipart, stopped halfway and retried, verifies it and only then serves it from the store and drops the local media', async () => {
    const { log, lines } = capturingLog();
    const { store, objects } = storeFor(log, true);
    const key = `${sessionId}/source/full.mp4`;
    const local = store.path(key);
    const original = fs.readFileSync(local);
    expect(original.length).toBeGreaterThan(2 * partSize);

    let stopped: Promise<void> | null = null;
    let sawUnverified = false;
    const uploading = store.uploader.upload(
      { id: recordingId, sessionId },
      {
        onProgress: ({ loaded }) => {
          // The store goes down once the first part of the big file is in: the upload fails halfway.
          if (stopped || loaded < partSize) return;
          stopped = s3.stop().then(async () => {
            // Nothing half-written is served, and the local copy stays while the store is down.
            sawUnverified = store.objectFor(key) === null && fs.existsSync(local);
            await new Promise((r) => setTimeout(r, 1500));
            await s3.start();
          });
        },
      },
    );
    const result = await uploading;
    expect(stopped).not.toBeNull();
    await stopped;
    expect(sawUnverified).toBe(true);
    expect(lines.some((l) => l.msg === 'upload to the object store failed; retrying' && l.key === key)).toBe(true);
    expect(result).toEqual({ uploaded: 3, skipped: 0 });

    // In the bucket: the whole file, byte for byte, as a multipart object (s3rver names it by its MD5).
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(head.ContentLength).toBe(original.length);
    expect(head.Metadata?.sha256).toBe(sha256(original));
    const stored = Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());
    expect(sha256(stored)).toBe(sha256(original));

    // Recorded as verified, served from the store; media left the local disk, the playlist stayed.
    const row = objects.get(key)!;
    expect(row).toMatchObject({ recordingId, bytes: original.length, sha256: sha256(original) });
    expect(row.verifiedAt).not.toBeNull();
    expect(row.localRemovedAt).not.toBeNull();
    expect(store.objectFor(key)).toEqual({ key, bytes: original.length });
    expect(fs.existsSync(local)).toBe(false);
    expect(fs.existsSync(store.path(`${sessionId}/source/seg00000.ts`))).toBe(false);
    expect(fs.existsSync(store.path(`${sessionId}/source/index.m3u8`))).toBe(true);
    expect(store.objectFor(`${sessionId}/source/index.m3u8`)).toBeNull();

    // Run again (a retried job): nothing is uploaded twice.
    expect(await store.uploader.upload({ id: recordingId, sessionId })).toEqual({ uploaded: 0, skipped: 1 });
  }, 120_000);

  it('presigns a GET URL that serves the object, ranges included', async () => {
    const { store } = storeFor(capturingLog().log, false);
    const key = `${sessionId}/source/full.mp4`;
    const url = await store.s3.presign(key);
    expect(url).toContain('X-Amz-Signature=');
    const ranged = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toMatch(/^bytes 100-199\//);
    const whole = Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))).Body!.transformToByteArray());
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(whole.subarray(100, 200));
    // Valid for S3_PRESIGN_TTL_SEC (default 5 minutes). (s3rver does not check a tampered query's signature,
    // so that a real store refuses one is not shown here.)
    expect(url).toContain('X-Amz-Expires=300');
  });
});
