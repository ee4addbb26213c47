import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  addressScope,
  hostAddresses,
  isPublicHost,
  listenInfosFor,
  planMediaAddresses,
  plannedPorts,
  resolveAnnouncedAddresses,
} from '../../../../media/sfu/media-addresses.js';

const nic = (address: string, extra: Partial<NetworkInterfaceInfo> = {}): NetworkInterfaceInfo =>
  ({
    address,
    family: address.includes(':') ? 'IPv6' : 'IPv4',
    internal: false,
    netmask: '',
    mac: '00:00:00:00:00:00',
    cidr: null,
    ...(address.includes(':') ? { scopeid: 0 } : {}),
    ...extra,
  }) as NetworkInterfaceInfo;

/** This machine's shape: loopback, and eth0 with an IPv4, a unique-local IPv6 and a link-local IPv6. */
const host = {
  lo: [nic('127.0.0.1', { internal: true }), nic('::1', { internal: true })],
  eth0: [nic('192.0.2.2'), nic('fd00::2'), nic('fe80::fc:ff:fe00:1', { scopeid: 4 })],
};

describe('planMediaAddresses', () => {
  it('binds and offers every address of the host on a wildcard listen IP with no ANNOUNCED_ADDRESS', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', interfaces: host });
    expect(plan.source).toBe('interfaces');
    expect(plan.endpoints).toEqual([
      { ip: '192.0.2.2', portOffset: 0 },
      { ip: 'fd00::2', portOffset: 0 },
      { ip: '127.0.0.1', portOffset: 0 },
    ]);
    // Nothing is bound to the wildcard, which mediasoup would announce as 0.0.0.0: a candidate no browser reaches.
    expect(plan.endpoints.some((e) => e.ip === '0.0.0.0' || e.ip === '::')).toBe(false);
  });

  it('keeps within the 8 listen entries a WebRtcServer takes on a host with many addresses, loopback last', () => {
    const crowded = { ...host, docker0: [nic('172.17.0.1')], tun0: [nic('10.8.0.1')], veth1: [nic('10.77.0.1')] };
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', interfaces: crowded });
    expect(plan.endpoints.length).toBe(4);
    expect(listenInfosFor(plan, { basePort: 44444, workers: 1, index: 0 }).length).toBe(8);
    expect(plan.endpoints.at(-1)).toEqual({ ip: '127.0.0.1', portOffset: 0 });
    expect(plan.skipped).toEqual(['10.77.0.1', 'fd00::2']);
    expect(planMediaAddresses({ listenIp: '0.0.0.0', interfaces: host }).skipped).toBeUndefined();
  });

  it('refuses more announced addresses than a WebRtcServer can listen for, naming the variable', () => {
    expect(() => planMediaAddresses({ listenIp: '0.0.0.0', announced: ['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5'], interfaces: host })).toThrow(
      /ANNOUNCED_ADDRESS gives 5 addresses/,
    );
  });

  it('treats :: as a wildcard too', () => {
    expect(planMediaAddresses({ listenIp: '::', interfaces: host }).source).toBe('interfaces');
  });

  it('offers only loopback on a host with no other interface', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', interfaces: { lo: host.lo } });
    expect(plan.endpoints).toEqual([{ ip: '127.0.0.1', portOffset: 0 }]);
  });

  it('announces exactly the ANNOUNCED_ADDRESS list, each bound on the wildcard of its family with a port of its own', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', announced: ['203.0.113.7', '2001:db8::7', '203.0.113.7'], interfaces: host });
    expect(plan.source).toBe('announced');
    expect(plan.endpoints).toEqual([
      { ip: '0.0.0.0', announcedIp: '203.0.113.7', portOffset: 0 },
      { ip: '::', announcedIp: '2001:db8::7', portOffset: 1 },
    ]);
  });

  it('binds a specific RTC_LISTEN_IP under the announced addresses', () => {
    const plan = planMediaAddresses({ listenIp: '10.0.0.5', announced: ['203.0.113.7'], interfaces: host });
    expect(plan.endpoints).toEqual([{ ip: '10.0.0.5', announcedIp: '203.0.113.7', portOffset: 0 }]);
  });

  it('keeps a specific RTC_LISTEN_IP with no ANNOUNCED_ADDRESS as it is', () => {
    const plan = planMediaAddresses({ listenIp: '127.0.0.1', interfaces: host });
    expect(plan).toEqual({ source: 'listen-ip', listenIp: '127.0.0.1', endpoints: [{ ip: '127.0.0.1', portOffset: 0 }] });
  });
});

describe('hostAddresses', () => {
  it('orders IPv4 before IPv6 and public before private, skips internal and link-local, ends with 127.0.0.1, once each', () => {
    const list = hostAddresses({
      docker0: [nic('172.17.0.1')],
      eth0: [nic('fd00::2'), nic('198.51.99.4'), nic('2a02:1234::5'), nic('fe80::1')],
      eth1: [nic('198.51.99.4')],
      lo: host.lo,
    });
    expect(list).toEqual(['198.51.99.4', '172.17.0.1', '2a02:1234::5', 'fd00::2', '127.0.0.1']);
  });
});

describe('listenInfosFor', () => {
  it('puts every address of worker i on RTC_PORT + i, UDP and TCP', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', interfaces: host });
    const infos = listenInfosFor(plan, { basePort: 44444, workers: 2, index: 1 });
    expect(infos).toHaveLength(6);
    expect(new Set(infos.map((i) => i.port))).toEqual(new Set([44445]));
    expect(infos.filter((i) => i.protocol === 'udp').map((i) => i.ip)).toEqual(['192.0.2.2', 'fd00::2', '127.0.0.1']);
    expect(infos.filter((i) => i.protocol === 'tcp').map((i) => i.ip)).toEqual(['192.0.2.2', 'fd00::2', '127.0.0.1']);
    expect(plannedPorts(plan, 44444, 2)).toEqual([44444, 44445]);
  });

  it('gives announced address j of worker i the port RTC_PORT + j × workers + i', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', announced: ['203.0.113.7', '198.51.100.9'], interfaces: host });
    const ports = (index: number) => listenInfosFor(plan, { basePort: 50000, workers: 3, index }).map((i) => `${i.protocol} ${i.announcedIp}:${i.port}`);
    expect(ports(0)).toEqual(['udp 203.0.113.7:50000', 'tcp 203.0.113.7:50000', 'udp 198.51.100.9:50003', 'tcp 198.51.100.9:50003']);
    expect(ports(2)).toEqual(['udp 203.0.113.7:50002', 'tcp 203.0.113.7:50002', 'udp 198.51.100.9:50005', 'tcp 198.51.100.9:50005']);
    expect(plannedPorts(plan, 50000, 3)).toEqual([50000, 50001, 50002, 50003, 50004, 50005]);
  });

  it('leaves the port to mediasoup when RTC_PORT is 0', () => {
    const plan = planMediaAddresses({ listenIp: '0.0.0.0', interfaces: host });
    expect(listenInfosFor(plan, { basePort: 0, workers: 2, index: 0 }).every((i) => i.port === undefined)).toBe(true);
    expect(plannedPorts(plan, 0, 2)).toEqual([]);
  });
});

describe('addressScope and isPublicHost', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['192.0.2.2', 'reserved'],
    ['203.0.113.7', 'reserved'],
    ['8.8.8.8', 'public'],
    ['fd00::2', 'private'],
    ['fe80::1', 'link-local'],
    ['2001:db8::1', 'reserved'],
    ['2a02:1234::5', 'public'],
    ['::ffff:10.0.0.1', 'private'],
  ])('%s is %s', (ip, scope) => {
    expect(addressScope(ip)).toBe(scope);
  });

  it.each([
    ['nist.example.am', true],
    ['8.8.8.8', true],
    ['localhost', false],
    ['nist.local', false],
    ['council.internal', false],
    ['127.0.0.1', false],
    ['[::1]', false],
    ['192.168.1.5', false],
    ['intranet', false],
  ])('PUBLIC_URL host %s is public: %s', (hostname, expected) => {
    expect(isPublicHost(hostname)).toBe(expected);
  });
});

describe('resolveAnnouncedAddresses', () => {
  it('keeps addresses and resolves names to all their addresses', async () => {
    const lookup = async (name: string) => (name === 'media.example.am' ? [{ address: '198.51.100.4' }, { address: '2001:db8::4' }, { address: '198.51.100.4' }] : []);
    await expect(resolveAnnouncedAddresses(['203.0.113.7', 'media.example.am'], lookup)).resolves.toEqual([
      { name: '203.0.113.7', addresses: ['203.0.113.7'] },
      { name: 'media.example.am', addresses: ['198.51.100.4', '2001:db8::4'] },
    ]);
  });

  it('resolves a real name through the system resolver', async () => {
    const [resolved] = await resolveAnnouncedAddresses(['localhost']);
    expect(resolved!.addresses.length).toBeGreaterThan(0);
    expect(resolved!.addresses.every((a) => addressScope(a) === 'loopback')).toBe(true);
  });

  it('fails naming the variable and the name when a name does not resolve', async () => {
    await expect(resolveAnnouncedAddresses(['no-such-host.invalid'])).rejects.toThrow(/ANNOUNCED_ADDRESS: no-such-host\.invalid did not resolve/);
  });
});
