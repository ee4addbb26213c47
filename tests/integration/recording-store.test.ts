import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/core/config.js';
import type { SessionId } from '../../server/core/ids.js';
import { LocalDiskStore } from '../../server/recording/recording-store.js';
import { queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const sid = (n: number) => n as SessionId;
const hidden = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('.'));

describe('LocalDiskStore', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-store-'));
  const store = new LocalDiskStore(root);

  it('names files as the database keeps them and refuses paths outside the recordings folder', () => {
    expect(store.relative(sid(12), 'source/index.m3u8')).toBe('12/source/index.m3u8');
    expect(store.path('12/master.m3u8')).toBe(path.join(root, '12', 'master.m3u8'));
    expect(store.sessionDir(sid(12))).toBe(path.join(root, '12'));
    expect(() => store.path('../elsewhere')).toThrow(/outside the recordings folder/);
    expect(() => store.path('12/../../etc/passwd')).toThrow(/outside the recordings folder/);
  });

  it('writes in one step and leaves no temp file when the write fails', () => {
    store.writeText('7/captions.en.vtt', 'WEBVTT\n');
    expect(store.readText('7/captions.en.vtt')).toBe('WEBVTT\n');
    store.writeText('7/captions.en.vtt', 'WEBVTT\n\nnew\n');
    expect(store.readText('7/captions.en.vtt')).toBe('WEBVTT\n\nnew\n');
    // A folder where the file should go: the rename fails, the aside copy is removed.
    fs.mkdirSync(path.join(root, '7', 'poster.jpg'));
    expect(() => store.writeText('7/poster.jpg', 'x')).toThrow();
    expect(hidden(path.join(root, '7'))).toEqual([]);
    store.remove('7/captions.en.vtt');
    expect(store.exists('7/captions.en.vtt')).toBe(false);
  });

  it('stages work in a hidden folder that becomes the session folder in one rename, or goes', () => {
    const staging = store.stage('import');
    expect(path.dirname(staging.dir)).toBe(root);
    expect(path.basename(staging.dir).startsWith('.import-')).toBe(true);
    fs.writeFileSync(path.join(staging.dir, 'master.m3u8'), '#EXTM3U\n');
    fs.mkdirSync(store.sessionDir(sid(8)));
    fs.writeFileSync(path.join(store.sessionDir(sid(8)), 'old.ts'), 'left by a failed run');
    expect(staging.commit(sid(8))).toBe(store.sessionDir(sid(8)));
    expect(fs.readdirSync(store.sessionDir(sid(8)))).toEqual(['master.m3u8']);
    staging.uncommit(sid(8));
    expect(fs.existsSync(store.sessionDir(sid(8)))).toBe(false);
    staging.discard();
    expect(hidden(root)).toEqual([]);
  });

  it('removes a scratch folder whatever happens in it', async () => {
    let seen = '';
    await expect(
      store.scratch('demo', async (dir) => {
        seen = dir;
        fs.writeFileSync(path.join(dir, 'clip.mp4'), 'x');
        throw new Error('ffmpeg failed');
      }),
    ).rejects.toThrow('ffmpeg failed');
    expect(fs.existsSync(seen)).toBe(false);
    expect(store.objectFor('8/master.m3u8')).toBeNull();
  });
});

describe('S3 settings', () => {
  const all = {
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_BUCKET: 'nist-recordings',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'nist',
    S3_SECRET_ACCESS_KEY: 'secret-key',
  };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
  };

  it('none set: recordings stay on the local disk', () => {
    expect(loadConfig({}).objectStore).toBeUndefined();
  });

  it('all five set: an object store, with path-style, proxying and keeping the local copy by default', () => {
    expect(loadConfig(all).objectStore).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      publicEndpoint: 'http://127.0.0.1:9000',
      bucket: 'nist-recordings',
      region: 'us-east-1',
      accessKeyId: 'nist',
      secretAccessKey: 'secret-key',
      forcePathStyle: false,
      serve: 'proxy',
      presignTtlSec: 300,
      deleteLocalAfterUpload: false,
    });
  });

  it('some set: each missing one is named', () => {
    const found = problems({ S3_ENDPOINT: all.S3_ENDPOINT, S3_BUCKET: all.S3_BUCKET });
    expect(found.map((p) => p.split('=')[0])).toEqual(['S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']);
    expect(found[0]).toContain('S3_ENDPOINT, S3_BUCKET are set, and an object store needs all of');
  });

  it.each([
    ['S3_ENDPOINT', 'ftp://store', 'http:// or https://'],
    ['S3_BUCKET', 'Nist_Recordings', 'bucket name'],
    ['S3_FORCE_PATH_STYLE', 'maybe', 'true or false'],
    ['S3_SERVE', 'cdn', 'proxy or redirect'],
    ['S3_PRESIGN_TTL_SEC', '10', 'at least 60'],
  ])('%s=%s is refused (%s)', (name, value, message) => {
    const found = problems({ ...all, [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
    expect(found[0]).toContain(message);
  });
});

describe('without S3 settings (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps recordings on the local disk and serves them from there, as always', async () => {
    const ready = await waitFor(
      'the demo recording',
      () => queryServerDb<{ id: number; session_id: number }>(server.dataDir, `SELECT id, session_id FROM recordings WHERE status = 'ready'`)[0],
      180_000,
    );
    const dir = path.join(server.recordingsDir, String(ready.session_id));
    const segment = fs.readdirSync(path.join(dir, '240p')).find((f) => f.endsWith('.ts'))!;
    const local = fs.readFileSync(path.join(dir, '240p', segment));
    const res = await fetch(`${server.url}/recordings/${ready.session_id}/240p/${segment}`, { headers: { range: 'bytes=0-187' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(local.subarray(0, 188))).toBe(true);
    expect(queryServerDb(server.dataDir, 'SELECT * FROM recording_objects')).toEqual([]);
    expect(queryServerDb(server.dataDir, `SELECT * FROM jobs WHERE kind = 'recording-upload'`)).toEqual([]);
    // Nothing hidden is left behind by the demo recording's staging and scratch folders.
    expect(hidden(server.recordingsDir)).toEqual([]);
  }, 200_000);
});
