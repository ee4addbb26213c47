import type { RequestHandler } from 'express';
import { readCookie, sessionCookie } from '../accounts/security.middleware.js';

/** The public pages a resident watches a session on; the edge serves the same build at the same path. */
const residentPage = /^\/(sessions|embed)\/\d{1,15}\/?$/;

/**
 * On an origin with edges: a resident's GET of a session page goes to the least loaded healthy edge, so the
 * viewers spread over the edges without the page knowing the cluster. Staff (a login cookie: their logins
 * live here), `?origin=1` (an explicit opt-out) and every other path stay. No healthy edge: the origin serves
 * the page itself. `no-store`: the edge chosen now is not the one for the next resident.
 */
export function residentsToEdges(edgeUrl: () => string | null | undefined): RequestHandler {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !residentPage.test(req.path)) return next();
    if (req.query.origin === '1' || readCookie(req.headers.cookie, sessionCookie)) return next();
    const edge = edgeUrl();
    if (!edge) return next();
    const query = req.originalUrl.indexOf('?');
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, edge.replace(/\/+$/, '') + req.path + (query >= 0 ? req.originalUrl.slice(query) : ''));
  };
}
