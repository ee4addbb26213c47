import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../core/logger.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { RecordingObjectsRepository } from './recording-objects.repository.js';
import type { RecordingStore } from './recording-store.js';
import { partSize, type S3Objects } from './s3-objects.js';

/** Playlists and WebVTT: small, rewritten after the upload (captions, chapters), always served by the server. */
export const servedLocally = (file: string) => /\.(m3u8|vtt)$/i.test(file);

const contentTypes: Record<string, string> = {
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
  '.jpg': 'image/jpeg',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.vtt': 'text/vtt',
};

export type RetryPolicy = { attempts: number; firstDelayMs: number; maxDelayMs: number };

/** About half a minute per file before the job gives up this round (the job queue tries again later). */
export const defaultRetry: RetryPolicy = { attempts: 6, firstDelayMs: 500, maxDelayMs: 8000 };

/** `etags`: what the store may call the object — the file's MD5, or (multipart) the MD5 of its parts' MD5s and the count. */
type Digest = { bytes: number; sha256: string; etags: string[] };

/**
 * Copies a finished recording's folder into the object store: each file uploaded (multipart when large),
 * then verified with HeadObject (size, ETag as computed here from the file's MD5s, the SHA-256 kept in the
 * object's metadata), then recorded as verified; only then is it served from the store, and only then may its
 * local copy go (S3_DELETE_LOCAL_AFTER_UPLOAD). A store that is down is retried with backoff; an upload cut
 * halfway is started again (S3 drops the parts of an incomplete multipart upload, so nothing half-written is
 * ever an object).
 */
export class RecordingUploader {
  constructor(
    private readonly s3: S3Objects,
    private readonly objects: RecordingObjectsRepository,
    private readonly store: Pick<RecordingStore, 'sessionDir' | 'relative' | 'path'>,
    private readonly log: Logger,
    private readonly options: { deleteLocalAfterUpload: boolean; retry?: RetryPolicy },
  ) {}

  /** Uploads what is not in the store yet; `onProgress` gets the bytes done of the recording's total. */
  async upload(
    recording: { id: RecordingId; sessionId: SessionId },
    o: { signal?: AbortSignal; onProgress?: (p: { loaded: number; total: number }) => void } = {},
  ): Promise<{ uploaded: number; skipped: number }> {
    const { signal } = o;
    const dir = this.store.sessionDir(recording.sessionId);
    // Media first, playlists last: whoever reads the bucket directly never finds a playlist ahead of its segments.
    const files = listFiles(dir).sort((a, b) => Number(servedLocally(a)) - Number(servedLocally(b)) || a.localeCompare(b));
    const total = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    let done = 0;
    let uploaded = 0;
    let skipped = 0;
    for (const file of files) {
      signal?.throwIfAborted();
      const key = this.store.relative(recording.sessionId, file);
      const local = path.join(dir, file);
      const digest = await digestOf(local);
      const known = this.objects.get(key);
      if (known?.verifiedAt && known.bytes === digest.bytes && known.sha256 === digest.sha256) {
        skipped += 1;
      } else {
        const onPart = (loaded: number) => o.onProgress?.({ loaded: done + loaded, total });
        await this.retrying(key, () => this.putAndVerify(recording.id, key, local, digest, { signal, onPart }), signal);
        uploaded += 1;
      }
      done += digest.bytes;
      o.onProgress?.({ loaded: done, total });
    }
    if (this.options.deleteLocalAfterUpload) this.removeLocalCopies(recording.id);
    this.log.info({ recordingId: recording.id, sessionId: recording.sessionId, uploaded, skipped }, 'recording kept in the object store');
    return { uploaded, skipped };
  }

  private async putAndVerify(
    recordingId: RecordingId,
    key: string,
    file: string,
    digest: Digest,
    o: { signal?: AbortSignal; onPart: (loaded: number) => void },
  ): Promise<void> {
    const contentType = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const put = await this.s3.put(key, file, { contentType, sha256: digest.sha256, signal: o.signal, onPart: o.onPart });
    this.objects.uploaded({ path: key, recordingId, bytes: digest.bytes, sha256: digest.sha256, etag: put.etag });
    const head = await this.s3.head(key);
    const problem =
      head.bytes !== digest.bytes
        ? `size ${head.bytes}, expected ${digest.bytes}`
        : !digest.etags.includes(head.etag)
          ? `ETag ${head.etag}, expected ${digest.etags.join(' or ')}`
          : head.sha256 !== digest.sha256
            ? `SHA-256 ${head.sha256 ?? 'missing'}, expected ${digest.sha256}`
            : null;
    if (problem) throw new Error(`The stored object ${key} does not match the local file: ${problem}.`);
    this.objects.verified(key);
  }

  private async retrying(key: string, attempt: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    const policy = this.options.retry ?? defaultRetry;
    for (let n = 1; ; n += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (signal?.aborted || n >= policy.attempts) throw error;
        const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (n - 1));
        this.log.warn({ err: error, key, attempt: n, retryInMs: delayMs }, 'upload to the object store failed; retrying');
        await sleep(delayMs, undefined, { signal });
      }
    }
  }

  /** Media files whose objects are verified leave the local disk; playlists and WebVTT stay (servedLocally). */
  private removeLocalCopies(recordingId: RecordingId): void {
    for (const object of this.objects.listByRecording(recordingId)) {
      if (!object.verifiedAt || object.localRemovedAt || servedLocally(object.path)) continue;
      fs.rmSync(this.store.path(object.path), { force: true });
      this.objects.localRemoved(object.path);
    }
  }
}

/** Files under `dir`, relative to it (posix separators); hidden names (temp files, ffmpeg's SDP) are left out. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((part) => part.startsWith('.')));
}

/**
 * One read of the file: its size, SHA-256, and the ETags a store gives it: the MD5 of the file (a single
 * PutObject; s3rver for multipart too), or for a multipart upload in `partSize` parts the MD5 of the parts'
 * MD5s and the part count (AWS S3, MinIO, Ceph RGW, Garage).
 */
async function digestOf(file: string): Promise<Digest> {
  const sha = createHash('sha256');
  const whole = createHash('md5');
  const parts: Buffer[] = [];
  let part = createHash('md5');
  let inPart = 0;
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    let data = chunk as Buffer;
    sha.update(data);
    whole.update(data);
    bytes += data.length;
    while (data.length > 0) {
      const take = Math.min(partSize - inPart, data.length);
      part.update(data.subarray(0, take));
      inPart += take;
      data = data.subarray(take);
      if (inPart === partSize) {
        parts.push(part.digest());
        part = createHash('md5');
        inPart = 0;
      }
    }
  }
  if (inPart > 0) parts.push(part.digest());
  const etags = [whole.digest('hex')];
  if (bytes > partSize) etags.push(`${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-${parts.length}`);
  return { bytes, sha256: sha.digest('hex'), etags };
}
