import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../../media/sfu/worker-pool.js';
import { mediaCodecs } from '../../../../media/sfu/codecs.js';

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
});
