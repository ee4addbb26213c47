import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { AuthService, ResolvedLogin } from './auth.service.js';
import { anonymous, can, holdsSomewhere, type Action, type Principal } from './authorization.js';
import { DomainError, forbidden, unauthorized } from '../core/errors.js';
import type { BodyId } from '../core/ids.js';

export const sessionCookie = 'nist_sid';

/**
 * Strict CSP: scripts only from our origin (no inline), media from blob: (MSE for hls.js), sockets to our
 * origin. Embeds may be framed by any site; nothing else may be framed.
 */
export function securityHeaders(): RequestHandler {
  const base = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  return (req, res, next) => {
    const embed = req.path.startsWith('/embed/');
    res.setHeader('Content-Security-Policy', `${base}; frame-ancestors ${embed ? '*' : "'self'"}`);
    if (!embed) res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self), geolocation=()');
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

type AuthLocals = { principal: Principal; login: ResolvedLogin | null; token: string | undefined };

export const authOf = (res: Response): AuthLocals =>
  (res.locals.auth as AuthLocals | undefined) ?? { principal: anonymous, login: null, token: undefined };

/** Resolves the login cookie into a principal for the rest of the request. */
export function authenticate(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const token = readCookie(req.headers.cookie, sessionCookie);
    const login = auth.resolve(token);
    res.locals.auth = { principal: login?.principal ?? anonymous, login, token } satisfies AuthLocals;
    next();
  };
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients and same-origin GETs send none
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * CSRF: state changes must come from our own pages. Cross-origin requests are refused; requests that carry
 * a login cookie must also echo that login's token in `x-csrf-token`.
 */
export function csrfProtection(): RequestHandler {
  return (req, res, next) => {
    if (safeMethods.has(req.method)) return next();
    if (!sameOrigin(req)) return next(forbidden('Cross-site requests are not allowed.'));
    const { login, token } = authOf(res);
    // Logging in carries its own credentials (and replaces any login the cookie holds).
    const isLogin = req.originalUrl.split('?')[0] === '/api/auth/login';
    if (token && login && !isLogin) {
      const sent = req.get('x-csrf-token') ?? '';
      const a = Buffer.from(sent);
      const b = Buffer.from(login.csrfToken);
      if (a.length !== b.length || !timingSafeEqual(a, b)) {
        return next(new DomainError('forbidden', 403, 'The security token is missing or out of date; reload the page.'));
      }
    }
    next();
  };
}

/** Throws unless the request's principal may do `action` (on `bodyId` for body-scoped actions). */
export function authorize(res: Response, action: Action, bodyId?: BodyId | null): Extract<Principal, { kind: 'account' }> {
  const { principal } = authOf(res);
  if (principal.kind !== 'account') throw unauthorized();
  if (!can(principal, action, bodyId)) throw forbidden(`Your roles do not allow this (${action}).`);
  return principal;
}

/** Throws unless the principal holds `action` for at least one body (for views that span bodies). */
export function authorizeSomewhere(res: Response, action: Action): Extract<Principal, { kind: 'account' }> {
  const { principal } = authOf(res);
  if (principal.kind !== 'account') throw unauthorized();
  if (!holdsSomewhere(principal, action)) throw forbidden(`Your roles do not allow this (${action}).`);
  return principal;
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  res.cookie(sessionCookie, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: maxAgeMs });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(sessionCookie, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}
