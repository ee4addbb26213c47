import { EventEmitter } from 'node:events';
import os from 'node:os';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { listenInfosFor, planMediaAddresses, type MediaAddressPlan } from './media-addresses.js';

export type WorkerPoolOptions = {
  size: number;
  /** A wildcard (0.0.0.0, ::) with no announced addresses binds every address of the host: see media-addresses.ts. */
  listenIp: string;
  /** IP addresses browsers are offered (names resolved already); empty or absent: see `listenIp`. */
  announcedAddresses?: readonly string[];
  /** The host's interfaces (`os.networkInterfaces()` unless given). */
  interfaces?: ReturnType<typeof os.networkInterfaces>;
  /** Worker i's WebRtcServer listens on basePort + i (UDP and TCP) on each address; 0 lets each pick a free port. */
  webRtcServerPort: number;
  rtcMinPort: number;
  rtcMaxPort: number;
  /** Delay before a dead worker is replaced, so a crash loop cannot spin the CPU. */
  restartDelayMs?: number;
  logLevel?: types.WorkerLogLevel;
};

/** One socket of a worker's WebRtcServer as bound (the port is the real one when RTC_PORT is 0). */
export type MediaListener = { protocol: 'udp' | 'tcp'; ip: string; announcedIp: string; port: number };

export type PooledWorker = {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  readonly listeners: readonly MediaListener[];
};

type PoolEvents = {
  /** A worker died; everything it hosted is gone. Rooms on it must rebuild on the replacement. */
  workerDied: [index: number, error: Error];
  workerReplaced: [entry: PooledWorker];
};

export type WorkerPoolStats = { size: number; alive: number; restarts: number; pids: number[] };

/** One mediasoup worker per configured core, each with its own WebRtcServer; dead workers are replaced. */
export class WorkerPool extends EventEmitter<PoolEvents> {
  private readonly slots: (PooledWorker | undefined)[];
  private restarts = 0;
  private closed = false;
  private roundRobin = 0;
  /** Fixed at start: a replaced worker binds the same addresses. */
  readonly addressPlan: MediaAddressPlan;

  private constructor(
    private readonly options: WorkerPoolOptions,
    private readonly log: Logger,
  ) {
    super();
    this.slots = new Array(options.size).fill(undefined);
    this.addressPlan = planMediaAddresses({
      listenIp: options.listenIp,
      announced: options.announcedAddresses,
      interfaces: options.interfaces ?? os.networkInterfaces(),
    });
  }

  static async start(options: WorkerPoolOptions, log: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(options, log);
    try {
      await Promise.all(pool.slots.map((_, i) => pool.spawn(i)));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get stats(): WorkerPoolStats {
    const alive = this.slots.filter((s): s is PooledWorker => !!s && !s.worker.closed && !s.worker.died);
    return { size: this.options.size, alive: alive.length, restarts: this.restarts, pids: alive.map((s) => s.worker.pid) };
  }

  get entries(): PooledWorker[] {
    return this.slots.filter((s): s is PooledWorker => !!s && !s.worker.closed && !s.worker.died);
  }

  /** Every socket of every live worker, in worker order. */
  get sockets(): (MediaListener & { worker: number })[] {
    return this.entries.flatMap((e) => e.listeners.map((l) => ({ worker: e.index, ...l })));
  }

  entry(index: number): PooledWorker | undefined {
    const s = this.slots[index];
    return s && !s.worker.closed && !s.worker.died ? s : undefined;
  }

  /** The next live worker in turn, for spreading new routers. */
  next(): PooledWorker {
    const live = this.entries;
    if (live.length === 0) throw new Error('no mediasoup worker is running');
    const entry = live[this.roundRobin % live.length]!;
    this.roundRobin += 1;
    return entry;
  }

  close(): void {
    this.closed = true;
    for (const slot of this.slots) slot?.worker.close();
  }

  private async spawn(index: number): Promise<PooledWorker> {
    const o = this.options;
    const worker = await mediasoup.createWorker({
      logLevel: o.logLevel ?? 'warn',
      rtcMinPort: o.rtcMinPort,
      rtcMaxPort: o.rtcMaxPort,
      appData: { index },
    });
    const listenInfos = listenInfosFor(this.addressPlan, { basePort: o.webRtcServerPort, workers: o.size, index });
    let webRtcServer: types.WebRtcServer;
    let listeners: MediaListener[];
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos });
      listeners = boundListeners(listenInfos, await webRtcServer.dump());
    } catch (error) {
      worker.close();
      const where = [...new Set(listenInfos.map((l) => `${l.ip}:${l.port ?? '(any)'}`))].join(', ');
      throw new Error(`mediasoup worker ${index} could not listen on ${where}: ${(error as Error).message}`);
    }
    const entry: PooledWorker = { index, worker, webRtcServer, listeners };
    this.slots[index] = entry;
    worker.on('died', (error) => this.onDied(index, worker, error));
    this.log.info({ workerIndex: index, pid: worker.pid }, 'mediasoup worker started');
    return entry;
  }

  private onDied(index: number, worker: types.Worker, error: Error): void {
    if (this.slots[index]?.worker !== worker) return;
    this.slots[index] = undefined;
    this.restarts += 1;
    this.log.error({ workerIndex: index, pid: worker.pid, err: error }, 'mediasoup worker died');
    this.emit('workerDied', index, error);
    if (this.closed) return;
    const retry = (attempt: number) => {
      setTimeout(() => {
        if (this.closed) return;
        this.spawn(index).then(
          (entry) => {
            this.log.warn({ workerIndex: index, pid: entry.worker.pid }, 'mediasoup worker replaced');
            this.emit('workerReplaced', entry);
          },
          (err: Error) => {
            this.log.error({ workerIndex: index, err, attempt }, 'mediasoup worker restart failed');
            retry(attempt + 1);
          },
        );
      }, Math.min(this.options.restartDelayMs ?? 200, 5000) * Math.min(attempt, 10));
    };
    retry(1);
  }
}

type ServerDump = { udpSockets: { ip: string; port: number }[]; tcpServers: { ip: string; port: number }[] };

/** The dump lists sockets per protocol in the order of the listen entries, with the ports they got. */
function boundListeners(listenInfos: types.WebRtcServerListenInfo[], dump: ServerDump): MediaListener[] {
  const bound = { udp: [...dump.udpSockets], tcp: [...dump.tcpServers] };
  return listenInfos.map((l) => {
    const socket = bound[l.protocol].shift();
    return { protocol: l.protocol, ip: l.ip, announcedIp: l.announcedIp ?? l.ip, port: socket?.port ?? l.port ?? 0 };
  });
}
