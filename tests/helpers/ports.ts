import crypto from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';

const bindTcp = (port: number, host: string) =>
  new Promise<net.Server | null>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });

const bindUdp = (port: number, host: string) =>
  new Promise<dgram.Socket | null>((resolve) => {
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(null));
    socket.bind({ port, address: host, exclusive: true }, () => resolve(socket));
  });

const close = (h: net.Server | dgram.Socket) => new Promise<void>((r) => (h instanceof net.Server ? h.close(() => r()) : h.close(() => r())));

/** Each port bound and let go at once, on each family's wildcard in turn (:: alone would cover IPv4 too). */
async function allFree(base: number, count: number): Promise<boolean> {
  for (let port = base; port < base + count; port += 1) {
    for (const host of ['0.0.0.0', '::']) {
      for (const bind of [bindTcp, bindUdp]) {
        const h = await bind(port, host);
        if (!h) return false;
        await close(h);
      }
    }
  }
  return true;
}

/**
 * The first of `count` consecutive ports that are free for UDP and TCP on every address (for RTC_PORT, whose
 * workers take RTC_PORT + i): `prefer` when it is free (e.g. the product's default), else from 10000–19999,
 * below the kernel's ephemeral range and the recorder's 20000–29998, so nothing else takes them meanwhile.
 */
export async function freePortRange(count = 1, prefer?: number): Promise<number> {
  if (prefer !== undefined && (await allFree(prefer, count))) return prefer;
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 10_000 + crypto.randomInt(0, 10_000 - count);
    if (await allFree(base, count)) return base;
  }
  throw new Error(`no ${count} consecutive free ports in 10000-19999`);
}
