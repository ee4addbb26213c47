import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * Which proxies are believed when they say who the client is (X-Forwarded-For): TRUST_PROXY as a list of
 * addresses, CIDR ranges and proxy-addr's names (loopback, linklocal, uniquelocal). Express's `trust proxy`
 * gets the same list for requests; `clientAddress` applies it to socket handshakes.
 */
export type TrustProxy = readonly string[];

/** Throws when an entry is neither an address, a range nor a known name (proxy-addr's own check). */
export function compileTrust(trust: TrustProxy): (address: string, hop: number) => boolean {
  return proxyaddr.compile([...trust]);
}

/** The client's address of a request or socket handshake: the nearest untrusted hop, as express's `req.ip`. */
export function clientAddress(request: IncomingMessage, trust: ReturnType<typeof compileTrust>): string {
  return proxyaddr(request, trust);
}
