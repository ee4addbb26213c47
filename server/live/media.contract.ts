/** `GET /api/media/status` (admins): what the media plane offers browsers and what each worker holds. */

export type MediaAddressScope = 'loopback' | 'private' | 'link-local' | 'reserved' | 'public';

/**
 * `interfaces`: every address of the host (RTC_LISTEN_IP a wildcard, no ANNOUNCED_ADDRESS); `announced`:
 * ANNOUNCED_ADDRESS; `listen-ip`: the one RTC_LISTEN_IP.
 */
export type MediaAddressSource = 'interfaces' | 'announced' | 'listen-ip';

export type MediaAddresses = {
  source: MediaAddressSource;
  listenIp: string;
  /** ANNOUNCED_ADDRESS as configured, with what each name resolved to at start. */
  configured: { name: string; addresses: string[] }[];
  announced: { ip: string; scope: MediaAddressScope }[];
  /** Ports to open, UDP and TCP (empty when RTC_PORT is 0: each socket took a free port, see `listeners`). */
  ports: number[];
  /** PUBLIC_URL is a public host and no announced address is public: browsers outside cannot connect. */
  unreachableFromPublicUrl: boolean;
};

/** One socket of a worker's WebRtcServer, with the port it is bound to. */
export type MediaListenerView = { worker: number; protocol: 'udp' | 'tcp'; ip: string; announcedIp: string; port: number };

export type MediaStatus = {
  addresses: MediaAddresses & { listeners: MediaListenerView[] };
  workers: { index: number; pid: number; routers: number }[];
  rooms: { key: string; kind: string; peers: number; viewers: number; routers: number; producers: number; transports: number }[];
};
