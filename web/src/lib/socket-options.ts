import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/**
 * How every socket of the web app connects (signaling, the civic record live, questions, moderation):
 * WebSocket first (one handshake instead of long-polling and then upgrading), long-polling if a proxy blocks
 * it; reconnection by itself with backoff from 1 s growing to 8 s, randomized so a restarted server is not hit by
 * every resident at once. A type-only import: this module adds no code to the page.
 */
export const socketOptions = {
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 8000,
  randomizationFactor: 0.5,
  timeout: 10_000,
} satisfies Partial<ManagerOptions & SocketOptions>;
