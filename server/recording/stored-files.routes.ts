import { pipeline } from 'node:stream/promises';
import type { Request, RequestHandler, Response } from 'express';
import type { SessionsRepository } from '../civic/sessions.repository.js';
import { DomainError } from '../core/errors.js';
import { recordingCacheControl } from '../core/http/recording-cache-control.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { StoredObject } from './recording-store.js';
import type { S3RecordingStore } from './s3-store.js';

export type StoredFilesOptions = {
  /** proxy: stream from the bucket (Range kept); redirect: public files get a 302 to a presigned URL. */
  serve: 'proxy' | 'redirect';
  /** RECORDINGS_CACHE_SEC: public files get the same Cache-Control as the local ones (recordingCacheControl). */
  cacheSec: number;
};

/**
 * Answers GET and HEAD for a recording file whose object in the bucket is verified; any other file (still
 * being uploaded, a playlist, a caption) falls through to the local files. Runs after the private-recordings
 * check (recordingsAccess). A private session's file is always streamed through here, never redirected: a
 * presigned URL works for whoever holds it. Redirect mode needs the bucket's origin in the site's CSP and the
 * bucket's CORS rules to allow the site (see the README).
 */
export function storedFilesRoute(store: S3RecordingStore, sessions: Pick<SessionsRepository, 'get'>, log: Logger, options: StoredFilesOptions): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path.slice(1));
    } catch {
      return next();
    }
    const object = store.objectFor(relative);
    const session = object && sessions.get(Number(relative.split('/')[0]) as SessionId);
    if (!object || !session) return next();
    try {
      if (options.serve === 'redirect' && session.visibility === 'public') {
        res.setHeader('Cache-Control', recordingCacheControl(relative, options.cacheSec, 'redirect'));
        return res.redirect(302, await store.s3.presign(object.key));
      }
      // A private session's file is already marked private, no-store (recordingsAccess): that wins.
      if (!res.getHeader('Cache-Control')) res.setHeader('Cache-Control', recordingCacheControl(relative, options.cacheSec));
      await proxy(store, object, req, res);
    } catch (error) {
      if (res.headersSent) return void res.destroy(error as Error);
      if (statusOf(error) === 304) return void res.status(304).end();
      if (statusOf(error) === 416) return void res.status(416).setHeader('Content-Range', `bytes */${object.bytes}`).end();
      // The bucket cannot be reached: the local copy, while it is kept, serves instead.
      if (store.hasLocal(relative)) return next();
      log.error({ err: error, key: object.key }, 'recording file could not be read from the object store');
      next(new DomainError('unavailable', 503, 'This recording file cannot be read right now; please try again in a moment.'));
    }
  };
}

async function proxy(store: S3RecordingStore, object: StoredObject, req: Request, res: Response): Promise<void> {
  if (req.method === 'HEAD') {
    const head = await store.s3.head(object.key);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Length', String(head.bytes));
    res.setHeader('ETag', `"${head.etag}"`);
    res.status(200).end();
    return;
  }
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const got = await store.s3.get(object.key, { range: singleRange(req.headers.range), ifNoneMatch: req.headers['if-none-match'], signal: abort.signal });
  res.status(got.status);
  res.setHeader('Accept-Ranges', 'bytes');
  if (got.bytes !== undefined) res.setHeader('Content-Length', String(got.bytes));
  if (got.contentRange) res.setHeader('Content-Range', got.contentRange);
  if (got.contentType) res.setHeader('Content-Type', got.contentType);
  if (got.etag) res.setHeader('ETag', got.etag);
  if (got.lastModified) res.setHeader('Last-Modified', got.lastModified.toUTCString());
  await pipeline(got.body, res).catch((error: unknown) => {
    // The viewer went away mid-file (seeking, closing the page): nothing to report.
    if (!abort.signal.aborted) throw error;
  });
}

/** One byte range (what players ask for); anything else is served whole, as the static files are. */
function singleRange(header: string | undefined): string | undefined {
  return header && /^bytes=(\d+-\d*|-\d+)$/.test(header.trim()) ? header.trim() : undefined;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
