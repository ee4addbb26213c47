import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStoreConfig } from './object-store.config.js';

/** Multipart part size: S3's minimum (5 MiB); a file up to this size goes up in one PutObject. */
export const partSize = 5 * 1024 * 1024;

export type PutResult = { etag: string };
export type Head = { bytes: number; etag: string; sha256: string | undefined };
export type ObjectStream = {
  body: Readable;
  status: 200 | 206;
  bytes: number | undefined;
  contentRange: string | undefined;
  contentType: string | undefined;
  etag: string | undefined;
  lastModified: Date | undefined;
};

/**
 * The S3 calls the recording store makes, on one bucket: multipart upload (lib-storage), HeadObject, ranged
 * GetObject and presigned GET URLs. Works with MinIO, Ceph RGW, Garage and AWS S3 (and s3rver in tests).
 */
export class S3Objects {
  private readonly client: S3Client;
  /** Signs URLs for the address browsers use (S3_PUBLIC_ENDPOINT); the signature covers the host. */
  private readonly signer: S3Client;

  constructor(private readonly config: ObjectStoreConfig) {
    this.client = clientFor(config, config.endpoint);
    this.signer = config.publicEndpoint === config.endpoint ? this.client : clientFor(config, config.publicEndpoint);
  }

  /** Uploads a file (multipart above `partSize`, parts two at a time); the object appears only once complete. */
  async put(key: string, file: string, o: { contentType: string; sha256: string; signal?: AbortSignal; onPart?: (loaded: number) => void }): Promise<PutResult> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: fs.createReadStream(file), ContentType: o.contentType, Metadata: { sha256: o.sha256 } },
      partSize,
      queueSize: 2,
      // A failed multipart upload is aborted (its parts dropped), so a half-written upload leaves nothing behind.
      leavePartsOnError: false,
    });
    if (o.onPart) upload.on('httpUploadProgress', (p) => o.onPart!(p.loaded ?? 0));
    const abort = () => void upload.abort();
    o.signal?.addEventListener('abort', abort, { once: true });
    try {
      const done = await upload.done();
      return { etag: unquote(done.ETag ?? '') };
    } finally {
      o.signal?.removeEventListener('abort', abort);
    }
  }

  async head(key: string): Promise<Head> {
    const out = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }));
    return { bytes: out.ContentLength ?? -1, etag: unquote(out.ETag ?? ''), sha256: out.Metadata?.sha256 };
  }

  /**
   * The object's bytes, or the `range` asked for (an HTTP Range header as the browser sent it). With
   * `ifNoneMatch` (a cache revalidating) an unchanged object fails with status 304.
   */
  async get(key: string, o: { range?: string; ifNoneMatch?: string; signal?: AbortSignal } = {}): Promise<ObjectStream> {
    const command = new GetObjectCommand({ Bucket: this.config.bucket, Key: key, Range: o.range, IfNoneMatch: o.ifNoneMatch });
    const out = await this.client.send(command, { abortSignal: o.signal });
    return {
      body: out.Body as Readable,
      status: out.ContentRange ? 206 : 200,
      bytes: out.ContentLength,
      contentRange: out.ContentRange,
      contentType: out.ContentType,
      etag: out.ETag,
      lastModified: out.LastModified,
    };
  }

  /**
   * Deletes every object whose key starts with `prefix` ("12/": a session's recording files); resolves once
   * a listing shows none left. One DeleteObject per key rather than DeleteObjects, whose required checksum
   * header the stores named in clientFor do not all accept.
   */
  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, MaxKeys: 1000 }));
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      if (keys.length === 0) return deleted;
      for (let i = 0; i < keys.length; i += 4) {
        await Promise.all(keys.slice(i, i + 4).map((Key) => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key }))));
      }
      deleted += keys.length;
    }
  }

  /** A GET URL anyone holding it may use until it expires (S3_PRESIGN_TTL_SEC): only for public recordings. */
  presign(key: string): Promise<string> {
    return getSignedUrl(this.signer, new GetObjectCommand({ Bucket: this.config.bucket, Key: key }), { expiresIn: this.config.presignTtlSec });
  }

  close(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}

function clientFor(config: ObjectStoreConfig, endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // The SDK (since 3.729) adds CRC32 checksums to every upload by default. s3rver, and some older MinIO, Ceph
    // RGW and Garage releases, predate those headers and reject or mis-store such requests; checksums are sent
    // only where the API requires them. Integrity is checked our way instead: size, ETag (MD5) and a SHA-256
    // kept in the object's metadata and in the database (see RecordingUploader).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Our own retries (with backoff, per file) decide how long a store that is down is waited for.
    maxAttempts: 2,
  });
}

const unquote = (etag: string) => etag.replace(/^"|"$/g, '');
