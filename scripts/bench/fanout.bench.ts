// Fan-out: one 720p H.264 (~1.5 Mb/s) + Opus producer fed by ffmpeg over a PlainTransport, N viewers each
// consuming video and audio over SRTP PlainTransports drained on loopback (light receivers). Measured
// through Nist's rooms (routers across workers, pipeToRouter past VIEWERS_PER_ROUTER) and, in the same run,
// through raw mediasoup in the same shape (as many workers, a router per worker with the producers piped to
// it, viewers placed by the same rule), so the ratio says what Nist's own layer costs, not what a worker
// count does. Reports, side by side, the largest N with < 1% loss, the per-machine capacity ratio, and the
// workers' CPU per 100 consumers at the same N.
//   BENCH_FANOUT_STEPS=50,100,200 BENCH_WORKERS=2 BENCH_VIEWERS_PER_ROUTER=100 npm run bench -- fanout
// A quick check that the bench runs (figures meaningless): BENCH_FANOUT_STEPS=2,5 BENCH_VIEWERS_PER_ROUTER=2
//   BENCH_FANOUT_WARM_SEC=1 BENCH_FANOUT_WINDOW_SEC=2 npm run bench -- fanout
import os from 'node:os';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import pino from 'pino';
import { mediaCodecs } from '../../media/sfu/codecs.js';
import type { PeerId } from '../../media/sfu/peer.js';
import { RoomRegistry } from '../../media/sfu/room-registry.js';
import type { Room } from '../../media/sfu/room.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { cpuSeconds, writeBenchResult, type Figure } from './lib.js';
import { benchClip, Drain, drainSrtp, feedFile, lossBetween, sleep, type Feed } from './sfu-lib.js';

const log = pino({ level: 'silent' });
const steps = (process.env.BENCH_FANOUT_STEPS ?? '50,100,200,300,400,500,650,800').split(',').map(Number);
const workers = Number(process.env.BENCH_WORKERS ?? os.availableParallelism());
const viewersPerRouter = Number(process.env.BENCH_VIEWERS_PER_ROUTER ?? 100);
const WARM_MS = Number(process.env.BENCH_FANOUT_WARM_SEC ?? 4) * 1000;
const MEASURE_MS = Number(process.env.BENCH_FANOUT_WINDOW_SEC ?? 8) * 1000;

/** loss: of the packets the SFU received, the share that did not reach the viewers; endToEnd adds ingest loss. */
type Step = { n: number; loss: number; endToEnd: number; worst: number; cpuPercent: number[]; consumers: number; streams: number; routers: number };
type Target = {
  name: string;
  producers: () => types.Producer[];
  workerPids: () => number[];
  /** Routers the viewers are spread over. */
  routers: () => number;
  addViewer: (i: number, port: number) => Promise<void>;
  consumers: () => number;
  close: () => Promise<void>;
};

async function measure(target: Target): Promise<Step[]> {
  const drain = await Drain.start(8);
  const results: Step[] = [];
  let viewers = 0;
  try {
    for (const n of steps) {
      const adding = performance.now();
      for (; viewers < n; viewers++) {
        const slow = setTimeout(() => process.stdout.write(`SLOW viewer ${viewers}\n`), 3000);
        await target.addViewer(viewers, drain.ports[viewers % drain.ports.length]!);
        clearTimeout(slow);
      }
      process.stdout.write(`${target.name}: ${n} viewers joined in ${Math.round(performance.now() - adding)} ms\n`);
      await sleep(WARM_MS);
      const pids = target.workerPids();
      const input = async () => {
        const stats = (await Promise.all(target.producers().map((p) => p.getStats()))).flat();
        return { lost: stats.reduce((n, s) => n + s.packetsLost, 0), received: stats.reduce((n, s) => n + s.packetCount, 0) };
      };
      const [a, cpuA, drainA, inA, t0] = [await drain.snapshot(), pids.map(cpuSeconds), cpuSeconds(drain.pid), await input(), performance.now()];
      await sleep(MEASURE_MS);
      const [b, cpuB, drainB, inB, t1] = [await drain.snapshot(), pids.map(cpuSeconds), cpuSeconds(drain.pid), await input(), performance.now()];
      const lostA = inA.lost;
      const lostB = inB.lost;
      const { loss: endToEnd, worst, streams, packets } = lossBetween(a, b);
      // What the SFU had to forward: every packet it received, once per viewer (each viewer takes every producer).
      const owed = (inB.received - inA.received) * n;
      const loss = owed > 0 ? Math.max(0, 1 - packets / owed) : 1;
      const seconds = (t1 - t0) / 1000;
      const cpuPercent = cpuB.map((c, i) => ((c - cpuA[i]!) / seconds) * 100);
      const step = { n, loss, endToEnd, worst, cpuPercent, consumers: target.consumers(), streams, routers: target.routers() };
      results.push(step);
      process.stdout.write(
        `${target.name}: ${n} viewers on ${step.routers} routers, ${step.consumers} consumers, forwarding loss ${(loss * 100).toFixed(2)}%, end-to-end ${(endToEnd * 100).toFixed(2)}% (worst viewer ${(worst * 100).toFixed(1)}%), ` +
          `${streams} streams, worker CPU ${cpuPercent.map((c) => `${c.toFixed(0)}%`).join(' + ')}, drain CPU ${(((drainB - drainA) / seconds) * 100).toFixed(0)}%, input packets lost ${lostB - lostA}, load ${os.loadavg()[0]!.toFixed(1)}\n`,
      );
      if (endToEnd >= 0.01) break;
    }
  } finally {
    drain.stop();
    await target.close();
  }
  return results;
}

async function nistTarget(clip: string): Promise<Target> {
  const pool = await WorkerPool.start({ size: workers, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 52000, rtcMaxPort: 55999 }, log);
  const rooms = new RoomRegistry(pool, { viewersPerRouter, maxParticipants: 12 }, log);
  const publisher = 'publisher' as PeerId;
  const { room } = await rooms.join({ sessionId: 1, kind: 'broadcast' }, publisher, 'publisher', { displayName: 'bench', host: true });
  const feed = await feedFile(
    clip,
    () => room.createPlainTransport(publisher, { comedia: true }),
    (transportId, kind, rtpParameters) => room.produce(publisher, { transportId, kind, rtpParameters, source: kind === 'video' ? 'camera' : 'microphone' }),
  );
  let consumers = 0;
  return {
    name: `nist (${workers} workers, ${viewersPerRouter} viewers per router)`,
    producers: () => room.producers(),
    workerPids: () => pool.entries.map((e) => e.worker.pid),
    routers: () => room.routerCount,
    consumers: () => consumers,
    addViewer: async (i, port) => {
      const peer = `viewer-${i}` as PeerId;
      await rooms.join({ sessionId: 1, kind: 'broadcast' }, peer, 'viewer', { displayName: '', host: false });
      const t = await room.createPlainTransport(peer, { comedia: false, enableSrtp: true });
      await room.connectTransport(peer, t.id, { ip: '127.0.0.1', port, rtcpPort: port, srtpParameters: drainSrtp() });
      for (const p of room.producerList()) {
        const c = await room.consume(peer, { transportId: t.id, producerId: p.producerId, rtpCapabilities: room.rtpCapabilities });
        await room.resumeConsumer(peer, c.id);
        consumers += 1;
      }
    },
    close: async () => {
      await feed.stop();
      rooms.closeAll('shutdown');
      pool.close();
    },
  };
}

/**
 * Raw mediasoup in the same shape as Nist: as many workers, the producers on a router of the first, and a
 * router on each further worker with the producers piped to it (pipeToRouter), added when the routers in use
 * are full; viewers placed by the rule of media/sfu/router-set.ts (`placeViewer`): the first router with fewer
 * than VIEWERS_PER_ROUTER viewers, else a router on a worker not used yet, else the least loaded router.
 * What is left out is Nist's own layer: rooms, peers, access checks and the bookkeeping of every consumer.
 */
async function rawTarget(clip: string): Promise<Target> {
  const pool = await Promise.all(Array.from({ length: workers }, () => mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 56000, rtcMaxPort: 59999 })));
  const routers: { router: types.Router; viewers: number }[] = [{ router: await pool[0]!.createRouter({ mediaCodecs }), viewers: 0 }];
  const origin = routers[0]!.router;
  const plain = (router: types.Router, o: Partial<types.PlainTransportOptions> = {}) =>
    router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true, ...o });
  const producers: types.Producer[] = [];
  const inputs = new Map<string, types.PlainTransport>();
  const feed: Feed = await feedFile(
    clip,
    async () => {
      const t = await plain(origin);
      inputs.set(t.id, t);
      return { id: t.id, ip: t.tuple.localIp, port: t.tuple.localPort, rtcpPort: t.rtcpTuple?.localPort };
    },
    async (transportId, kind, rtpParameters) => {
      producers.push(await inputs.get(transportId)!.produce({ kind, rtpParameters }));
    },
  );
  const place = async () => {
    let target = routers.find((r) => r.viewers < viewersPerRouter);
    if (!target && routers.length < pool.length) {
      target = { router: await pool[routers.length]!.createRouter({ mediaCodecs }), viewers: 0 };
      for (const p of producers) await origin.pipeToRouter({ producerId: p.id, router: target.router });
      routers.push(target);
    }
    target ??= routers.reduce((a, b) => (b.viewers < a.viewers ? b : a));
    target.viewers += 1;
    return target.router;
  };
  let consumers = 0;
  return {
    name: `raw mediasoup (${workers} workers, a router per worker, producers piped, ${viewersPerRouter} viewers per router)`,
    producers: () => producers,
    workerPids: () => pool.map((w) => w.pid),
    routers: () => routers.length,
    consumers: () => consumers,
    addViewer: async (_i, port) => {
      const router = await place();
      const t = await plain(router, { comedia: false, enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' });
      await t.connect({ ip: '127.0.0.1', port, rtcpPort: port, srtpParameters: drainSrtp() });
      for (const p of producers) {
        // A piped producer keeps its id on every router.
        const c = await t.consume({ producerId: p.id, rtpCapabilities: router.rtpCapabilities, paused: true });
        await c.resume();
        consumers += 1;
      }
    },
    close: async () => {
      await feed.stop();
      for (const w of pool) w.close();
    },
  };
}

const clip = await benchClip();
const nist = await measure(await nistTarget(clip));
const raw = await measure(await rawTarget(clip));

const passed = (s: Step | undefined) => !!s && s.endToEnd < 0.01;
const capacity = (steps: Step[]) => steps.filter(passed).at(-1);
const totalCpu = (s: Step) => s.cpuPercent.reduce((a, b) => a + b, 0);
const cpuPer100 = (s: Step | undefined) => (s ? totalCpu(s) / (s.consumers / 100) : NaN);
const [nistMax, rawMax] = [capacity(nist), capacity(raw)];
// CPU is compared at the same load: the largest step both passed.
const common = [...nist].reverse().find((s) => passed(s) && passed(raw.find((r) => r.n === s.n)));
const rawCommon = common && raw.find((r) => r.n === common.n);
const capped = (s: Step[]) => passed(s.at(-1));
const split = (s: Step | undefined) => s?.cpuPercent.map((c) => `${c.toFixed(0)}%`).join(' + ') ?? '';
const figures: Figure[] = [
  { label: 'Nist: largest N viewers with < 1% loss', value: nistMax?.n ?? 0, unit: 'viewers', detail: capped(nist) ? 'not reached 1% loss within the steps' : undefined },
  { label: 'raw mediasoup, same shape: largest N viewers with < 1% loss', value: rawMax?.n ?? 0, unit: 'viewers', detail: capped(raw) ? 'not reached 1% loss within the steps' : undefined },
  { label: `Nist capacity ratio to raw mediasoup, per machine (${workers} workers each)`, value: (nistMax?.n ?? 0) / (rawMax?.n ?? Infinity), unit: '×', target: 0.9, better: 'higher' },
  { label: 'Nist: worker CPU per 100 consumers', value: cpuPer100(common), unit: '% of a core', detail: `at ${common?.n} viewers, ${split(common)}` },
  { label: 'raw mediasoup, same shape: worker CPU per 100 consumers', value: cpuPer100(rawCommon), unit: '% of a core', detail: `at ${rawCommon?.n} viewers, ${split(rawCommon)}` },
  { label: 'Nist CPU per consumer relative to raw mediasoup', value: cpuPer100(common) / cpuPer100(rawCommon), unit: '×', better: 'lower', detail: `at ${common?.n} viewers` },
];
const row = (s: Step | undefined) =>
  s ? [`${s.routers}`, `${(s.endToEnd * 100).toFixed(2)} %`, `${totalCpu(s).toFixed(0)} % (${split(s)})`, `${cpuPer100(s).toFixed(1)} %`] : ['', '', '', ''];
writeBenchResult('sfu-fanout', figures, [
  `Steps: ${steps.join(', ')} viewers; each viewer consumes video and audio (2 consumers) over an SRTP PlainTransport to a drain process on loopback; ${WARM_MS / 1000} s warm-up, ${MEASURE_MS / 1000} s window.`,
  `Both in the same shape: ${workers} workers, the producers on the first worker's router, piped to a router on another worker each time the routers in use hold ${viewersPerRouter} viewers, then the overflow on the least loaded router.`,
  'Loss is what viewers get: RTP sequence gaps at the drain. It includes packets lost between ffmpeg and the worker, which happens when the worker is saturated (or descheduled on a loaded machine) and its 208 KB socket buffer overflows. Forwarding loss (drain count against producer input × viewers) is in the log lines.',
  `Load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) on ${os.availableParallelism()} cores.`,
  'The drain, ffmpeg and the SFU share the same cores, so the limit found is the machine’s, not the SFU’s alone.',
], [
  {
    title: 'Step by step, side by side',
    header: ['Viewers', 'Nist routers', 'Nist loss', 'Nist worker CPU', 'Nist CPU / 100 consumers', 'Raw routers', 'Raw loss', 'Raw worker CPU', 'Raw CPU / 100 consumers'],
    rows: steps.filter((n) => nist.some((s) => s.n === n) || raw.some((s) => s.n === n)).map((n) => [`${n}`, ...row(nist.find((s) => s.n === n)), ...row(raw.find((s) => s.n === n))]),
  },
]);
process.exit(0);
