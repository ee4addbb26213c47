import type { Socket } from 'socket.io';
import type { AuthService } from './auth.service.js';
import { anonymous, type Principal } from './authorization.js';
import { readCookie, sessionCookie } from './security.middleware.js';

export type SocketData = { principal: Principal };

/**
 * Identity for a socket comes from its handshake's login cookie, never from event payloads. Cross-origin
 * handshakes are refused (a cookie would otherwise ride along from another site).
 */
export function socketAuth(auth: AuthService) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const { origin, host, cookie } = socket.handshake.headers;
    if (origin) {
      let ok = false;
      try {
        ok = new URL(origin).host === host;
      } catch {
        ok = false;
      }
      if (!ok) return next(new Error('cross-origin connections are not allowed'));
    }
    const login = auth.resolve(readCookie(cookie, sessionCookie));
    (socket.data as SocketData).principal = login?.principal ?? anonymous;
    next();
  };
}
