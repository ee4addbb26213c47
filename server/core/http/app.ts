import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logger.js';
import { notFound } from '../errors.js';
import { errorHandler, notFoundHandler } from './errors.middleware.js';
import { spaShell } from './spa-shell.js';
import type { TrustProxy } from './client-address.js';
import { recordingCacheControl } from './recording-cache-control.js';

export type HttpAppOptions = {
  log: Logger;
  /** Proxies whose X-Forwarded-For sets `req.ip` (TRUST_PROXY). */
  trustProxy: TrustProxy;
  webDistDir: string;
  recordingsDir: string;
  /** RECORDINGS_CACHE_SEC: how long caches may keep serving a public recording file without asking again. */
  recordingsCacheSec: number;
  /** Routers mounted under /api/<name>. */
  api: Record<string, Router>;
  /** Routers mounted at the site root (feeds). */
  site?: Record<string, Router>;
  /** Runs before everything else (security headers). */
  first: RequestHandler[];
  /** Runs before the API and recordings (login resolution, CSRF). */
  beforeApi: RequestHandler[];
  /** Runs before serving a recording file (access to private recordings). */
  recordingsAccess: RequestHandler;
  /** Serves the recording files kept in an object store (after recordingsAccess, before the local files). */
  recordingsFromStore?: RequestHandler;
  /** Whether the page at a path opens the live player at once (its chunks are then preloaded). */
  wantsLivePlayer?: (pathname: string) => boolean;
  /** Runs before the web app's files and pages (residents sent on to an edge). */
  beforePages?: RequestHandler[];
};

/** Express app: JSON API, recordings as static files, the built web app with SPA fallback, JSON errors. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', [...options.trustProxy]);
  app.set('query parser', 'simple');

  for (const handler of options.first) app.use(handler);
  app.use('/api', express.json({ limit: '64kb', strict: true }));
  app.use(['/api', '/recordings', '/feeds'], ...options.beforeApi);
  app.use('/recordings', normalPathsOnly);
  for (const [name, router] of Object.entries(options.api)) app.use(name ? `/api/${name}` : '/api', router);
  app.use('/api', notFoundHandler);

  for (const [mount, router] of Object.entries(options.site ?? {})) app.use(mount, router);

  app.use('/recordings', options.recordingsAccess);
  if (options.recordingsFromStore) app.use('/recordings', options.recordingsFromStore);
  app.use(
    '/recordings',
    express.static(options.recordingsDir, {
      dotfiles: 'deny',
      index: false,
      fallthrough: true,
      setHeaders: (res, file) => {
        // A caching rule set earlier wins (recordingsAccess keeps private sessions' files out of shared caches).
        if (res.getHeader('Cache-Control') !== undefined) return;
        res.setHeader('Cache-Control', recordingCacheControl(file, options.recordingsCacheSec));
      },
    }),
  );
  app.use('/recordings', notFoundHandler);
  for (const handler of options.beforePages ?? []) app.use(handler);

  app.use(
    express.static(options.webDistDir, {
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use(spaShell({ webDistDir: options.webDistDir, wantsLivePlayer: options.wantsLivePlayer ?? (() => false) }));
  app.use(notFoundHandler);
  app.use(errorHandler(options.log.child({ component: 'http' })));
  return app;
}

/**
 * `/recordings/5/../6/x.ts` would pass the access check of session 5 and then be served from session 6's
 * folder (the static server normalizes the path after the check): recordings are served at normal paths only.
 */
const normalPathsOnly: RequestHandler = (req, _res, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return next(notFound('There is no such recording.'));
  }
  if (decoded.includes('\\') || path.posix.normalize(decoded) !== decoded) return next(notFound('There is no such recording.'));
  next();
};
