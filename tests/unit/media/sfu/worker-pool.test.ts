import os from 'node:os';
import * as mediasoup from 'mediasoup';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../media/sfu/worker-pool.js';
import { mediaCodecs } from '../../../../media/sfu/codecs.js';
import { hostAddresses } from '../../../../media/sfu/media-addresses.js';
import { freePortRange } from '../../../helpers/ports.js';

const log = pino({ level: 'silent' });
const options = { size: 2, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 42000, rtcMaxPort: 42999, restartDelayMs: 50 };
let pool: WorkerPool | undefined;
afterEach(() => pool?.close());

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('WorkerPool', () => {
  it('starts one worker with a WebRtcServer per configured core', async () => {
    pool = await WorkerPool.start(options, log);
    expect(pool.stats).toMatchObject({ size: 2, alive: 2, restarts: 0 });
    for (const { webRtcServer } of pool.entries) {
      const dump = await webRtcServer.dump();
      expect(dump.udpSockets.length).toBe(1);
      expect(dump.tcpServers.length).toBe(1);
    }
  });

  it('replaces a worker whose process is killed, and counts the restart', async () => {
    pool = await WorkerPool.start(options, log);
    const victim = pool.entry(0)!;
    const replaced = new Promise((resolve) => pool!.once('workerReplaced', resolve));
    process.kill(victim.worker.pid, 'SIGKILL');
    await replaced;
    expect(pool.stats).toMatchObject({ size: 2, alive: 2, restarts: 1 });
    expect(pool.entry(0)!.worker.pid).not.toBe(victim.worker.pid);
    const router = await pool.entry(0)!.worker.createRouter({ mediaCodecs });
    expect(router.closed).toBe(false);
  });

  it('survives closing a WebRtcServer that still has WebRtcTransports (patched worker)', async () => {
    pool = await WorkerPool.start({ ...options, size: 1 }, log);
    const { worker, webRtcServer } = pool.entry(0)!;
    const router = await worker.createRouter({ mediaCodecs });
    const transports = await Promise.all(
      [1, 2, 3].map(() => router.createWebRtcTransport({ webRtcServer, enableUdp: true, enableTcp: true })),
    );
    webRtcServer.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(transports.every((t) => t.closed)).toBe(true);
    expect(worker.died).toBe(false);
    expect(isAlive(worker.pid)).toBe(true);
    // The worker still answers requests.
    const dump = await worker.dump();
    expect(dump.webRtcServerIds).toEqual([]);
    expect(pool.stats.restarts).toBe(0);
  });

  it('on the default wildcard listen IP binds every host address on RTC_PORT + i and offers each, never 0.0.0.0', async () => {
    const base = await freePortRange(2);
    pool = await WorkerPool.start({ ...options, listenIp: '0.0.0.0', webRtcServerPort: base }, log);
    const addresses = hostAddresses(os.networkInterfaces());
    expect(addresses).toContain('127.0.0.1');
    expect(addresses.length).toBeGreaterThan(1); // this machine has a LAN address too
    for (const entry of pool.entries) {
      const dump = await entry.webRtcServer.dump();
      for (const list of [dump.udpSockets, dump.tcpServers] as { ip: string; port: number }[][]) {
        expect(list.map((s) => s.ip)).toEqual(addresses);
        expect(new Set(list.map((s) => s.port))).toEqual(new Set([base + entry.index]));
      }
      const router = await entry.worker.createRouter({ mediaCodecs });
      const transport = await router.createWebRtcTransport({ webRtcServer: entry.webRtcServer, enableUdp: true, enableTcp: true });
      expect(new Set(transport.iceCandidates.map((c) => c.ip))).toEqual(new Set(addresses));
      expect(transport.iceCandidates.every((c) => c.port === base + entry.index)).toBe(true);
    }
    expect(pool.sockets.filter((s) => s.worker === 1 && s.protocol === 'udp')).toEqual(
      addresses.map((ip) => ({ worker: 1, protocol: 'udp', ip, announcedIp: ip, port: base + 1 })),
    );
  });

  it('announces exactly the given addresses, each on its own port of the wildcard', async () => {
    const base = await freePortRange(4);
    pool = await WorkerPool.start({ ...options, listenIp: '0.0.0.0', webRtcServerPort: base, announcedAddresses: ['203.0.113.7', '198.51.100.9'] }, log);
    const entry = pool.entry(1)!;
    const router = await entry.worker.createRouter({ mediaCodecs });
    const transport = await router.createWebRtcTransport({ webRtcServer: entry.webRtcServer, enableUdp: true, enableTcp: true });
    expect(transport.iceCandidates.map((c) => `${c.protocol} ${c.ip}:${c.port}`).sort()).toEqual(
      [`tcp 198.51.100.9:${base + 3}`, `tcp 203.0.113.7:${base + 1}`, `udp 198.51.100.9:${base + 3}`, `udp 203.0.113.7:${base + 1}`].sort(),
    );
  });

  it('reports the ports mediasoup picked when RTC_PORT is 0', async () => {
    pool = await WorkerPool.start({ ...options, size: 1, listenIp: '0.0.0.0' }, log);
    expect(pool.sockets.length).toBe(hostAddresses(os.networkInterfaces()).length * 2);
    expect(pool.sockets.every((s) => s.port > 0)).toBe(true);
  });

  // Why the default binds each address: mediasoup cannot hold the wildcard and a specific address on one port.
  it('mediasoup 3.12 refuses 0.0.0.0 and a specific address on the same port', async () => {
    const base = await freePortRange(1);
    const worker = await mediasoup.createWorker({ logLevel: 'none', rtcMinPort: 42000, rtcMaxPort: 42999 });
    try {
      await expect(
        worker.createWebRtcServer({
          listenInfos: [
            { protocol: 'udp', ip: '0.0.0.0', port: base },
            { protocol: 'udp', ip: '127.0.0.1', port: base },
          ],
        }),
      ).rejects.toThrow();
    } finally {
      worker.close();
    }
  });
});
