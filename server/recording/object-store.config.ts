import { z } from 'zod';

/** The recordings' object store (S3 API: MinIO, Ceph RGW, Garage, AWS S3), as server/core/config.ts reads it. */
export type ObjectStoreConfig = Readonly<{
  endpoint: string;
  /** Where browsers reach the store (redirect mode's presigned URLs are signed for it); default `endpoint`. */
  publicEndpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path (`<endpoint>/<bucket>/<key>`) rather than in the host name: MinIO, Garage, s3rver. */
  forcePathStyle: boolean;
  /** proxy: the server streams stored files (Range kept); redirect: public files get a 302 to a presigned URL. */
  serve: 'proxy' | 'redirect';
  presignTtlSec: number;
  /** Remove the local copy of a media file once its upload is verified (playlists and WebVTT stay). */
  deleteLocalAfterUpload: boolean;
}>;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const httpUrl = (example: string) =>
  z
    .url({ message: `expected the store's URL, such as ${example}` })
    .refine((u) => /^https?:\/\//.test(u), { message: 'expected an http:// or https:// URL' })
    .transform((u) => u.replace(/\/+$/, ''));

/** Merged into the environment schema. The five required ones are all set, or none (see objectStoreAllOrNothing). */
export const objectStoreEnv = {
  S3_ENDPOINT: httpUrl('https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000').optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'expected a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens' })
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{1,32}$/, { message: 'expected a region such as us-east-1 or garage' }).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1, { message: 'expected the access key id' }).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1, { message: 'expected the secret access key' }).optional(),
  S3_FORCE_PATH_STYLE: flag.default(false),
  S3_PUBLIC_ENDPOINT: httpUrl('https://media.example.am').optional(),
  S3_SERVE: z.enum(['proxy', 'redirect'], { message: 'expected proxy or redirect' }).default('proxy'),
  S3_PRESIGN_TTL_SEC: z.coerce
    .number({ message: 'expected a number of seconds' })
    .int({ message: 'expected a whole number of seconds' })
    .min(60, { message: 'expected at least 60' })
    .max(7 * 24 * 3600, { message: 'expected at most 604800 (a week, the S3 limit)' })
    .default(300),
  S3_DELETE_LOCAL_AFTER_UPLOAD: flag.default(false),
};

const required = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

const objectStoreSchema = z.object(objectStoreEnv);
type Parsed = z.infer<typeof objectStoreSchema>;

/** An object store needs all five of its required settings: naming the missing ones beats a failed upload later. */
export function objectStoreAllOrNothing(env: Parsed, ctx: z.RefinementCtx): void {
  const set = required.filter((name) => env[name] !== undefined);
  if (set.length === 0 || set.length === required.length) return;
  for (const name of required.filter((n) => env[n] === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `expected ${name}: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, and an object store needs all of ${required.join(', ')} (or none, to keep recordings on the local disk only)`,
    });
  }
}

export function objectStoreOf(env: Parsed): ObjectStoreConfig | undefined {
  if (!env.S3_ENDPOINT || !env.S3_BUCKET || !env.S3_REGION || !env.S3_ACCESS_KEY_ID || !env.S3_SECRET_ACCESS_KEY) return undefined;
  return Object.freeze({
    endpoint: env.S3_ENDPOINT,
    publicEndpoint: env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT,
    bucket: env.S3_BUCKET,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    serve: env.S3_SERVE,
    presignTtlSec: env.S3_PRESIGN_TTL_SEC,
    deleteLocalAfterUpload: env.S3_DELETE_LOCAL_AFTER_UPLOAD,
  });
}
