// Soak: a broadcast running for BENCH_SOAK_MIN minutes (default 30) through Nist's rooms with 3% random loss
// on the ingest (a lossy UDP relay between ffmpeg and the PlainTransport), RTP sequence numbers starting near
// 65535 so they wrap at once (and again every ~6 min at 180 packets/s), NACK feedback on the producer so the
// worker's NackGenerator runs on the lossy, wrapping input, and 20 viewers on SRTP PlainTransports.
// Pass: no worker death, viewers still receiving at the end. Run it when the machine is otherwise idle:
//   BENCH_SOAK_MIN=30 npm run bench -- soak
import dgram from 'node:dgram';
import type { types } from 'mediasoup';
import pino from 'pino';
import type { PeerId } from '../../media/sfu/peer.js';
import { RoomRegistry } from '../../media/sfu/room-registry.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { writeBenchResult } from './lib.js';
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
const { room } = await rooms.join('soak', 'broadcast', publisher, 'publisher', { displayName: 'soak', host: true });
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
for (let i = 0; i < VIEWERS; i++) {
  const peer = `viewer-${i}` as PeerId;
  await rooms.join('soak', 'broadcast', peer, 'viewer', { displayName: '', host: false });
  const t = await room.createPlainTransport(peer, { comedia: false, enableSrtp: true });
  const port = drain.ports[i % drain.ports.length]!;
  await room.connectTransport(peer, t.id, { ip: '127.0.0.1', port, rtcpPort: port, srtpParameters: drainSrtp() });
  for (const p of room.producerList()) {
    const c = await room.consume(peer, { transportId: t.id, producerId: p.producerId, rtpCapabilities: room.rtpCapabilities });
    await room.resumeConsumer(peer, c.id);
  }
}

const started = Date.now();
let last = await drain.snapshot();
let minutes = 0;
let lastLoss = 1;
while (Date.now() - started < MINUTES * 60_000 && pool.stats.restarts === 0 && feed.process.running) {
  await sleep(Math.min(60_000, MINUTES * 60_000));
  const now = await drain.snapshot();
  const { loss, streams } = lossBetween(last, now);
  last = now;
  minutes += 1;
  lastLoss = loss;
  const stats = (await Promise.all(room.producers().map((p) => p.getStats()))).flat();
  process.stdout.write(
    `soak: minute ${minutes}: ${streams} streams, downstream loss ${(loss * 100).toFixed(2)}%, ` +
      `ingest dropped ${relays.reduce((n, r) => n + r.dropped(), 0)}, NACKs sent ${stats.reduce((n, s) => n + s.nackCount, 0)}, ` +
      `worker restarts ${pool.stats.restarts}\n`,
  );
}
const producerStats = (await Promise.all(room.producers().map((p) => p.getStats()))).flat();
writeBenchResult(
  'sfu-soak',
  [
    { label: 'minutes run', value: (Date.now() - started) / 60_000, unit: 'min', target: MINUTES - 0.1, better: 'higher' },
    { label: 'worker deaths', value: pool.stats.restarts, unit: '', target: 0.5, better: 'lower' },
    { label: 'NACKs sent by the producer', value: producerStats.reduce((n, s) => n + s.nackCount, 0), unit: '' },
    { label: 'viewers still receiving (last minute, share of streams)', value: (await drain.snapshot()).size / (VIEWERS * 2), unit: '×' },
    { label: 'downstream loss in the last minute', value: lastLoss * 100, unit: '%', detail: `ingest loss ${LOSS * 100}% is passed on: no retransmission from ffmpeg` },
  ],
  [`${VIEWERS} viewers, ${LOSS * 100}% ingest loss, RTP sequence numbers from 65300 (wrapping), 2 workers with 10 viewers per router (so piping is exercised).`],
);
drain.stop();
await feed.stop();
for (const r of relays) r.close();
rooms.closeAll('shutdown');
pool.close();
process.exit(0);
