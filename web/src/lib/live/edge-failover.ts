/**
 * A resident's page on a media edge (the origin sent it there: server/cluster/resident-redirect.ts). When that
 * edge dies its socket stays down; after `edgeDeadAfterMs` the page goes back to the origin, which sends it to
 * another healthy edge or serves it itself. The edge names its origin in the page (`<meta name="nist-origin">`);
 * a page the origin serves has none and never moves.
 */

/**
 * Longer than the origin takes to forget a dead edge (its registry key lives 5 s, read every 2 s: server/cluster/
 * registry.ts), so the origin does not send the page back to it; short enough that a resident is not left long.
 */
export const edgeDeadAfterMs = 8000;

/** Where to go instead of this page, or null to stay: on an edge whose origin is known, this page at the origin. */
export function failoverUrl(origin: string | null | undefined, here: { origin: string; pathname: string; search: string }): string | null {
  if (!origin) return null;
  let target: URL;
  try {
    target = new URL(origin);
  } catch {
    return null;
  }
  if (target.origin === here.origin) return null;
  return target.origin + here.pathname + here.search;
}

/** The origin this page's edge named, if any. */
export function pageOrigin(doc: Document = document): string | null {
  return doc.querySelector('meta[name="nist-origin"]')?.getAttribute('content') ?? null;
}

type WatchedSocket = {
  on(event: 'connect' | 'disconnect', listener: (reason?: string) => void): unknown;
  off(event: 'connect' | 'disconnect', listener: (reason?: string) => void): unknown;
};

/**
 * Sends the page to the origin once `socket` has been down for `afterMs` (not when the page closed it itself).
 * Returns the stop function (the page leaves the session).
 */
export function watchEdge(
  socket: WatchedSocket,
  options: { origin?: string | null; here?: { origin: string; pathname: string; search: string }; go?: (url: string) => void; afterMs?: number } = {},
): () => void {
  const target = failoverUrl(options.origin === undefined ? pageOrigin() : options.origin, options.here ?? location);
  if (!target) return () => undefined;
  const go = options.go ?? ((url: string) => location.assign(url));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const down = (reason?: string) => {
    if (reason === 'io client disconnect' || timer !== undefined) return;
    timer = setTimeout(() => go(target), options.afterMs ?? edgeDeadAfterMs);
  };
  const up = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  socket.on('disconnect', down);
  socket.on('connect', up);
  return () => {
    up();
    socket.off('disconnect', down);
    socket.off('connect', up);
  };
}
