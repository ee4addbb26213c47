// Soak: a broadcast running for BENCH_SOAK_MIN minutes (default 30) through Nist's rooms with 3% random loss
// on the ingest (a lossy UDP relay between ffmpeg and the PlainTransport), RTP sequence numbers starting near
// 65535 so they wrap at once (and again every ~6 min at 180 packets/s), NACK feedback on the producer so the
// worker's NackGenerator runs on the lossy, wrapping input, and 20 viewers on SRTP PlainTransports.
// Memory: the resident set of every worker and of this process (which hosts Nist's rooms, routers and piping,
// i.e. the server side of the SFU) is sampled each minute; "flat" is judged by the growth from minute 5 (after
// warm-up) to the end and by the least-squares slope over the same span, in MB per hour.
// Pass: no worker death, viewers still receiving at the end, memory flat. Run it when the machine is otherwise idle:
//   BENCH_SOAK_MIN=30 npm run bench -- soak
import dgram from 'node:dgram';
import fs from 'node:fs';
import type { types } from 'mediasoup';
import pino from 'pino';
import type { PeerId } from '../../media/sfu/peer.js';
import { RoomRegistry } from '../../media/sfu/room-registry.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { writeBenchResult, type Figure } from './lib.js';
import { benchClip, Drain, drainSrtp, feedFile, lossBetween, sleep } from './sfu-lib.js';

const MINUTES = Number(process.env.BENCH_SOAK_MIN ?? 30);
const LOSS = Number(process.env.BENCH_SOAK_LOSS ?? 0.03);
const VIEWERS = Number(process.env.BENCH_SOAK_VIEWERS ?? 20);
const log = pino({ level: 'silent' });

/** Forwards UDP from `listen` to `target`, dropping a `loss` share at random; returns the listening port. */
async function lossyRelay(targetPort: number, loss: number): Promise<{ port: number; close: () => void; dropped: () => number }> {
  const socket = dgram.createSocket('udp4');
  let dropped = 0;
  socket.on('message', (msg) => {
    if (Math.random() < loss) return void (dropped += 1);
    socket.send(msg, targetPort, '127.0.0.1');
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { port: socket.address().port, close: () => socket.close(), dropped: () => dropped };
}

const pool = await WorkerPool.start({ size: 2, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 45000, rtcMaxPort: 46999 }, log);
const rooms = new RoomRegistry(pool, { viewersPerRouter: 10, maxParticipants: 12 }, log);
const publisher = 'publisher' as PeerId;
const { room } = await rooms.join({ sessionId: 1, kind: 'broadcast' }, publisher, 'publisher', { displayName: 'soak', host: true });
const relays: Awaited<ReturnType<typeof lossyRelay>>[] = [];
const feed = await feedFile(
  await benchClip(),
  async () => {
    const t = await room.createPlainTransport(publisher, { comedia: true });
    const relay = await lossyRelay(t.port, LOSS);
    relays.push(relay);
    // RTCP goes straight through; only media is lost.
    return { ...t, port: relay.port };
  },
  (transportId, kind, rtpParameters) => {
    const withNack: types.RtpParameters = {
      ...rtpParameters,
      codecs: rtpParameters.codecs.map((c) => ({ ...c, rtcpFeedback: [{ type: 'nack' }, ...(kind === 'video' ? [{ type: 'nack', parameter: 'pli' }] : [])] })),
    };
    return room.produce(publisher, { transportId, kind, rtpParameters: withNack, source: kind === 'video' ? 'camera' : 'microphone' });
  },
  65300,
);

const drain = await Drain.start(4);
/** The consumers' media SSRCs: what viewers are meant to get (retransmission or probe streams aside). */
const consumerSsrcs = new Set<number>();
for (let i = 0; i < VIEWERS; i++) {
  const peer = `viewer-${i}` as PeerId;
  await rooms.join({ sessionId: 1, kind: 'broadcast' }, peer, 'viewer', { displayName: '', host: false });
  const t = await room.createPlainTransport(peer, { comedia: false, enableSrtp: true });
  const port = drain.ports[i % drain.ports.length]!;
  await room.connectTransport(peer, t.id, { ip: '127.0.0.1', port, rtcpPort: port, srtpParameters: drainSrtp() });
  for (const p of room.producerList()) {
    const c = await room.consume(peer, { transportId: t.id, producerId: p.producerId, rtpCapabilities: room.rtpCapabilities });
    const ssrc = (c.rtpParameters as types.RtpParameters).encodings?.[0]?.ssrc;
    if (ssrc !== undefined) consumerSsrcs.add(ssrc);
    await room.resumeConsumer(peer, c.id);
  }
}

/** Resident set size of a process in MB, from /proc (0 if it is gone). */
function rssMb(pid: number): number {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
type MemorySample = { minute: number; workers: number; server: number; heap: number };
const memory: MemorySample[] = [];
const sampleMemory = (minute: number) =>
  memory.push({
    minute,
    workers: pool.stats.pids.reduce((n, pid) => n + rssMb(pid), 0),
    server: process.memoryUsage().rss / 2 ** 20,
    heap: process.memoryUsage().heapUsed / 2 ** 20,
  });
/** Least-squares slope of `value` over `minute`, in MB per hour. */
function slopePerHour(samples: MemorySample[], key: 'workers' | 'server' | 'heap'): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, x) => s + x.minute, 0) / n;
  const my = samples.reduce((s, x) => s + x[key], 0) / n;
  const num = samples.reduce((s, x) => s + (x.minute - mx) * (x[key] - my), 0);
  const den = samples.reduce((s, x) => s + (x.minute - mx) ** 2, 0);
  return den ? (num / den) * 60 : 0;
}
sampleMemory(0);

const started = Date.now();
let last = await drain.snapshot();
let minutes = 0;
let lastLoss = 1;
let lastStreams = 0;
while (Date.now() - started < MINUTES * 60_000 && pool.stats.restarts === 0 && feed.process.running) {
  await sleep(Math.min(60_000, MINUTES * 60_000));
  const now = await drain.snapshot();
  const { loss, streams } = lossBetween(last, now, consumerSsrcs);
  last = now;
  minutes += 1;
  lastLoss = loss;
  lastStreams = streams;
  sampleMemory(minutes);
  const mem = memory.at(-1)!;
  const stats = (await Promise.all(room.producers().map((p) => p.getStats()))).flat();
  process.stdout.write(
    `soak: minute ${minutes}: ${streams} streams, downstream loss ${(loss * 100).toFixed(2)}%, ` +
      `ingest dropped ${relays.reduce((n, r) => n + r.dropped(), 0)}, NACKs sent ${stats.reduce((n, s) => n + s.nackCount, 0)}, ` +
      `worker restarts ${pool.stats.restarts}, RSS workers ${mem.workers.toFixed(1)} MB, server ${mem.server.toFixed(1)} MB ` +
      `(heap ${mem.heap.toFixed(1)} MB)\n`,
  );
}
// Warm-up: the first minutes fill buffers, JIT and the NACK/retransmission stores; judge flatness after it.
const steady = memory.filter((m) => m.minute >= Math.min(5, Math.max(1, minutes - 1)));
const memoryFigures = (['workers', 'server'] as const).flatMap((key): Figure[] => {
  const first = steady[0]?.[key] ?? 0;
  const lastValue = steady.at(-1)?.[key] ?? 0;
  const name = key === 'workers' ? 'RSS of the mediasoup workers (sum)' : 'RSS of the server process (rooms, routers, piping)';
  return [
    { label: `${name} at the end`, value: lastValue, unit: 'MB', detail: `at minute ${steady[0]?.minute ?? 0}: ${first.toFixed(1)} MB; peak ${Math.max(...memory.map((m) => m[key])).toFixed(1)} MB` },
    { label: `${name}: growth after warm-up`, value: lastValue - first, unit: 'MB', target: 10, better: 'lower', detail: `slope ${slopePerHour(steady, key).toFixed(2)} MB/h` },
  ];
});
const producerStats = (await Promise.all(room.producers().map((p) => p.getStats()))).flat();
writeBenchResult(
  'sfu-soak',
  [
    { label: 'minutes run', value: (Date.now() - started) / 60_000, unit: 'min', target: MINUTES - 0.1, better: 'higher' },
    { label: 'worker deaths', value: pool.stats.restarts, unit: '', target: 0.5, better: 'lower' },
    { label: 'NACKs sent by the producer', value: producerStats.reduce((n, s) => n + s.nackCount, 0), unit: '' },
    { label: 'viewers still receiving (last minute, share of streams)', value: lastStreams / (VIEWERS * 2), unit: '×', detail: `${lastStreams} of ${VIEWERS * 2} video and audio streams got packets` },
    { label: 'downstream loss in the last minute', value: lastLoss * 100, unit: '%', detail: `ingest loss ${LOSS * 100}% is passed on: no retransmission from ffmpeg` },
    ...memoryFigures,
  ],
  [
    `Memory per minute (workers / server RSS, MB): ${memory.map((m) => `${m.minute}: ${m.workers.toFixed(0)}/${m.server.toFixed(0)}`).join(', ')}.`,
    `${VIEWERS} viewers, ${LOSS * 100}% ingest loss, RTP sequence numbers from 65300 (wrapping), 2 workers with 10 viewers per router (so piping is exercised).`,
  ],
);
drain.stop();
await feed.stop();
for (const r of relays) r.close();
rooms.closeAll('shutdown');
pool.close();
process.exit(0);
