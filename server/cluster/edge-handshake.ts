import type { Socket } from 'socket.io';
import { anonymous } from '../accounts/authorization.js';
import type { SocketData } from '../accounts/socket-auth.js';

/**
 * An edge's socket handshake: same-origin only, as on the origin, and always anonymous (logins live in the
 * origin's database; staff connect there).
 */
export function edgeHandshake(socket: Socket, next: (err?: Error) => void): void {
  const { origin, host } = socket.handshake.headers;
  if (origin) {
    let same = false;
    try {
      same = new URL(origin).host === host;
    } catch {
      same = false;
    }
    if (!same) return next(new Error('cross-origin connections are not allowed'));
  }
  (socket.data as SocketData).principal = anonymous;
  next();
}

/** Staff namespaces (`/jobs`, `/alarms`) are refused on an edge, naming where to go. */
export const staffOnOrigin = (originUrl: string) => (_socket: Socket, next: (err?: Error) => void) =>
  next(new Error(`staff connect to the origin server (${originUrl})`));
