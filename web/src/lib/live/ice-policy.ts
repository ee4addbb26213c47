/**
 * How a page may reach the media server, for support and debugging: the live page's `?ice=` parameter.
 * - `?ice=relay`: through the TURN server only (RTCConfiguration.iceTransportPolicy 'relay'), as a resident
 *   behind a firewall that lets only the TURN server through would. With no TURN configured nothing plays.
 * - `?ice=tcp`: to the media server's TCP candidates only (ICE-TCP), as a network that drops UDP would.
 * - anything else, or none: every path, UDP first (the default).
 */
export type IceMode = 'all' | 'relay' | 'tcp';

export function iceModeFrom(search: string): IceMode {
  const value = new URLSearchParams(search).get('ice');
  return value === 'relay' || value === 'tcp' ? value : 'all';
}

/** The page's mode, read once from its address (`all` outside a browser). */
export function currentIceMode(): IceMode {
  return typeof location === 'undefined' ? 'all' : iceModeFrom(location.search);
}

type Candidate = { protocol?: string };

/** The server's candidates this mode lets the browser try (`tcp` keeps the TCP ones only). */
export function candidatesFor<C extends Candidate>(mode: IceMode, candidates: readonly C[]): C[] {
  return mode === 'tcp' ? candidates.filter((c) => c.protocol === 'tcp') : [...candidates];
}

/** RTCConfiguration's iceTransportPolicy for this mode. */
export function transportPolicyFor(mode: IceMode): 'all' | 'relay' {
  return mode === 'relay' ? 'relay' : 'all';
}
