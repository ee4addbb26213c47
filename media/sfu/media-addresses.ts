import dns from 'node:dns/promises';
import net from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import type { types } from 'mediasoup';

/**
 * Which addresses the WebRtcServers offer browsers, and what they bind to.
 * - `interfaces`: RTC_LISTEN_IP is a wildcard and no ANNOUNCED_ADDRESS is set. A candidate of 0.0.0.0 reaches no
 *   one, and mediasoup cannot bind a wildcard and a specific address on one port, so every address of the host
 *   (each non-internal IPv4 and IPv6, then 127.0.0.1) is bound on its own, all on the same port.
 * - `announced`: ANNOUNCED_ADDRESS is set; exactly those are offered. One socket cannot carry two candidates in
 *   mediasoup 3.12, so address j of the list binds RTC_LISTEN_IP on port offset j (see `listenInfosFor`).
 * - `listen-ip`: RTC_LISTEN_IP is a specific address; it is bound and offered as it is.
 */
export type AddressSource = 'interfaces' | 'announced' | 'listen-ip';

/** One address offered to browsers: bound at `ip`, announced as `announcedIp` (when it differs). */
export type MediaEndpoint = { ip: string; announcedIp?: string; portOffset: number };

export type MediaAddressPlan = {
  source: AddressSource;
  listenIp: string;
  endpoints: readonly MediaEndpoint[];
  /** Host addresses past the limit below, not offered (set ANNOUNCED_ADDRESS to choose). */
  skipped?: readonly string[];
};

/**
 * A mediasoup 3.12 WebRtcServer takes at most 8 listen entries, and each address needs two (UDP and TCP). A host
 * with Docker or VPN bridges has more addresses than that: the first ones by rank are kept, and loopback.
 */
export const maxEndpoints = 4;

export type AddressScope = 'loopback' | 'private' | 'link-local' | 'reserved' | 'public';

const wildcards = new Set(['0.0.0.0', '::']);
export const isWildcard = (ip: string) => wildcards.has(ip);

/** The same address with the listen IP's family wildcard: an IPv4 socket cannot carry IPv6 and the reverse. */
const wildcardFor = (ip: string) => (net.isIPv6(ip) ? '::' : '0.0.0.0');

/**
 * The plan for one host. `announced` holds IP addresses only (names resolved already, see
 * `resolveAnnouncedAddresses`); `interfaces` is `os.networkInterfaces()`.
 */
export function planMediaAddresses(input: {
  listenIp: string;
  announced?: readonly string[];
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): MediaAddressPlan {
  const { listenIp } = input;
  const announced = [...new Set(input.announced ?? [])];
  if (announced.length > maxEndpoints) {
    throw new Error(`ANNOUNCED_ADDRESS gives ${announced.length} addresses; the media server can offer at most ${maxEndpoints}`);
  }
  if (announced.length > 0) {
    return {
      source: 'announced',
      listenIp,
      endpoints: announced.map((ip, j) => ({ ip: isWildcard(listenIp) ? wildcardFor(ip) : listenIp, announcedIp: ip, portOffset: j })),
    };
  }
  if (!isWildcard(listenIp)) return { source: 'listen-ip', listenIp, endpoints: [{ ip: listenIp, portOffset: 0 }] };
  const all = hostAddresses(input.interfaces);
  const kept = all.length > maxEndpoints ? [...all.slice(0, maxEndpoints - 1), '127.0.0.1'] : all;
  const skipped = all.filter((ip) => !kept.includes(ip));
  return {
    source: 'interfaces',
    listenIp,
    endpoints: kept.map((ip) => ({ ip, portOffset: 0 })),
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

/**
 * Each non-internal address of the host browsers could reach, IPv4 first and public before private, then
 * 127.0.0.1 for a browser on the host itself. IPv6 link-local addresses are left out: binding one needs its
 * interface's scope, and a browser on the link also has the host's other addresses.
 */
export function hostAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const found = new Set<string>();
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv6' && addressScope(info.address) === 'link-local') continue;
      found.add(info.address);
    }
  }
  const rank = (ip: string) => (net.isIPv4(ip) ? 0 : 2) + (addressScope(ip) === 'public' ? 0 : 1);
  return [...[...found].sort((a, b) => rank(a) - rank(b)), '127.0.0.1'];
}

/** Worker `index`'s listen entries: a UDP and a TCP socket per endpoint, on RTC_PORT + offset × workers + index. */
export function listenInfosFor(
  plan: MediaAddressPlan,
  ports: { basePort: number; workers: number; index: number },
): types.WebRtcServerListenInfo[] {
  return plan.endpoints.flatMap((e) => {
    const port = ports.basePort === 0 ? undefined : ports.basePort + e.portOffset * ports.workers + ports.index;
    return (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: e.ip, announcedIp: e.announcedIp, port }));
  });
}

/** Each port in use, e.g. for the firewall: RTC_PORT .. RTC_PORT + workers × offsets − 1 (none when RTC_PORT is 0). */
export function plannedPorts(plan: MediaAddressPlan, basePort: number, workers: number): number[] {
  if (basePort === 0) return [];
  const offsets = new Set(plan.endpoints.map((e) => e.portOffset));
  return [...offsets].flatMap((o) => Array.from({ length: workers }, (_, i) => basePort + o * workers + i)).sort((a, b) => a - b);
}

const v4 = (ip: string) => ip.split('.').map(Number) as [number, number, number, number];

/** Where an address can be reached from: only `public` ones from the Internet. */
export function addressScope(ip: string): AddressScope {
  if (net.isIPv4(ip)) {
    const [a, b, c] = v4(ip);
    if (a === 127) return 'loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
    if (a === 169 && b === 254) return 'link-local';
    // This network, documentation (TEST-NET-1..3), benchmarking, multicast and the rest of class E.
    if (a === 0 || (a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'reserved';
    if ((a === 198 && (b === 18 || b === 19)) || a >= 224) return 'reserved';
    return 'public';
  }
  const lower = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (mapped) return addressScope(mapped);
  if (lower === '::1') return 'loopback';
  if (lower === '::') return 'reserved';
  if (/^fe[89ab]/.test(lower)) return 'link-local';
  if (/^f[cd]/.test(lower)) return 'private';
  if (lower.startsWith('2001:db8:') || lower.startsWith('ff')) return 'reserved';
  return 'public';
}

/**
 * Whether a PUBLIC_URL's host is meant to be reached from the Internet: a public IP, or a name other than
 * localhost and the names kept for local networks (.local, .lan, .internal, .home.arpa, .localhost).
 */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (net.isIP(host)) return addressScope(host) === 'public';
  if (host === 'localhost' || !host.includes('.')) return false;
  return !/\.(localhost|local|lan|internal|home\.arpa)$/.test(host);
}

export type ResolvedAddress = { name: string; addresses: string[] };
type Lookup = (name: string) => Promise<{ address: string }[]>;
const systemLookup: Lookup = (name) => dns.lookup(name, { all: true });

/** ANNOUNCED_ADDRESS entries as IPs: addresses as they are, names through the system resolver (every address). */
export async function resolveAnnouncedAddresses(entries: readonly string[], lookup: Lookup = systemLookup): Promise<ResolvedAddress[]> {
  return Promise.all(
    entries.map(async (name) => {
      if (net.isIP(name)) return { name, addresses: [name] };
      try {
        const found = await lookup(name);
        if (found.length === 0) throw new Error('no address');
        return { name, addresses: [...new Set(found.map((f) => f.address))] };
      } catch (error) {
        throw new Error(`ANNOUNCED_ADDRESS: ${name} did not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); set an IP address or a name the server can resolve`);
      }
    }),
  );
}
