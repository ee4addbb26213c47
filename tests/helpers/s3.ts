import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
// s3rver ships no types; what the tests use of it is typed here.
// @ts-expect-error -- no declaration file
import S3rverModule from 's3rver';

type S3rverInstance = { run(): Promise<{ port: number }>; httpServer?: Server };
const S3rver = S3rverModule as new (options: Record<string, unknown>) => S3rverInstance;

export type TestS3 = {
  endpoint: string;
  bucket: string;
  /** The bucket's files on disk (s3rver's own layout). */
  directory: string;
  /** The S3 settings a server needs to keep its recordings there (what the README tells an operator to set). */
  env: Record<string, string>;
  /** An SDK client on the same store, for the tests' own checks. */
  client: S3Client;
  /** Stops answering at once: open connections are cut, as when the store's host goes down. */
  stop: () => Promise<void>;
  /** Answers again on the same port with the same data. */
  start: () => Promise<void>;
};

/** A real S3 API (s3rver on local disk) on a free loopback port, with one bucket. */
export async function startS3(bucket = 'nist-recordings'): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-s3-'));
  let server: S3rverInstance | null = null;
  let port = 0;
  const start = async () => {
    const instance = new S3rver({ port, address: '127.0.0.1', silent: true, directory });
    ({ port } = await instance.run());
    server = instance;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates the SDK's default request checksums (see server/recording/s3-objects.ts).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const stop = async () => {
    const http = server?.httpServer;
    server = null;
    if (!http) return;
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    endpoint,
    bucket,
    directory,
    client,
    env: {
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    stop,
    start,
  };
}
