import path from 'node:path';
import express, { Router, type Express, type RequestHandler } from 'express';
import { securityHeaders } from '../accounts/security.middleware.js';
import type { TrustProxy } from '../core/http/client-address.js';
import { errorHandler, notFoundHandler } from '../core/http/errors.middleware.js';
import { spaShell } from '../core/http/spa-shell.js';
import type { Logger } from '../core/logger.js';
import { proxyToOrigin } from './proxy.js';

/** `GET /api/health` on an edge. `connected`: it hears its origin's heartbeat over Redis. */
export type EdgeHealth = {
  ok: boolean;
  role: 'edge';
  origin: string;
  connected: boolean;
  node: string;
  redis: { ok: boolean };
  workers: { size: number; alive: number; restarts: number };
  /** Sessions this edge pulls from the origin now (producers, bit/s arriving), and its viewers. */
  pulls: { sessionId: number; producers: number; bitrate: number }[];
  viewers: number;
};

export type EdgeAppOptions = {
  log: Logger;
  trustProxy: TrustProxy;
  webDistDir: string;
  /** ORIGIN_URL: where forwarded requests go (the origin as this edge reaches it, often a private address). */
  originUrl: string;
  /** Where browsers are sent for staff pages and logins: the origin's public address (its PUBLIC_URL). */
  staffOrigin: () => string;
  health: () => Promise<Omit<EdgeHealth, 'ok' | 'role'>>;
};

/** Staff pages: their logins live in the origin's database, so an edge sends the browser there. */
const staffPage = /^\/(studio|meet)\/|^\/console(\/|$)/;

/**
 * An edge's HTTP side: its own health, the web app (the same build as the origin's), staff pages and logins
 * redirected to the origin, and every other API, recording and feed request forwarded to the origin as it
 * came (the edge has no database).
 */
export function createEdgeApp(options: EdgeAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', [...options.trustProxy]);
  app.set('query parser', 'simple');
  app.use(securityHeaders());

  const health = Router();
  health.get('/', async (_req, res) => {
    const h = await options.health();
    const ok = h.connected && h.workers.alive === h.workers.size;
    res.status(h.workers.alive === h.workers.size ? 200 : 503).json({ ok, role: 'edge', ...h } satisfies EdgeHealth);
  });
  app.use('/api/health', health);

  const toOrigin = (status: 302 | 307): RequestHandler => (req, res) => res.redirect(status, options.staffOrigin() + req.originalUrl);
  // 307 keeps the method and body: the login form posts again, to the origin.
  app.use('/api/auth', toOrigin(307));
  app.use(['/api', '/recordings', '/feeds'], proxyToOrigin(options.originUrl, options.log.child({ component: 'proxy' })));
  app.use((req, res, next) => (req.method === 'GET' && staffPage.test(req.path) ? toOrigin(302)(req, res, next) : next()));

  app.use(
    express.static(options.webDistDir, {
      index: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use(
    spaShell({
      webDistDir: options.webDistDir,
      wantsLivePlayer: (pathname) => /^\/sessions\/\d{1,15}\/?$/.test(pathname),
      // Where the page goes when this edge dies (web/src/lib/live/edge-failover.ts): the origin sends it on.
      head: () => `<meta name="nist-origin" content="${encodeURI(options.staffOrigin())}">`,
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(options.log.child({ component: 'http' })));
  return app;
}
