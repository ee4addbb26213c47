// Extra CPU of the server-side layers for a single-layer WHIP source (media/ingest/whip-layers.ts): a 720p25 H.264
// stream stands for the WHIP encoder's producer (RTP into a PlainTransport; the layers consume it like the WebRTC
// one), measured with only that producer and then with the tap, the layer ffmpeg (source copied, 360p + 180p from
// one decode), the relay and the offered producer added. The encoder's own ffmpeg is not counted.
//   BENCH_WHIP_LAYERS_SEC=20 BENCH_WHIP_LAYERS_ROUNDS=2 npm run bench -- whip-layers
import os from 'node:os';
import type { types } from 'mediasoup';
import pino from 'pino';
import { WhipLayers } from '../../media/ingest/whip-layers.js';
import { mediaCodecs } from '../../media/sfu/codecs.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { cpuSeconds, median, round, writeBenchResult, type Figure } from './lib.js';
import { benchClip, feedFile, sleep } from './sfu-lib.js';

const log = pino({ level: 'silent' });
const MEASURE_SEC = Number(process.env.BENCH_WHIP_LAYERS_SEC ?? 20);
const ROUNDS = Number(process.env.BENCH_WHIP_LAYERS_ROUNDS ?? 2);
const WARMUP_MS = 6000;

const pool = await WorkerPool.start({ size: 1, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 47000, rtcMaxPort: 47999 }, log);
const worker = pool.entry(0)!.worker;
const router = await worker.createRouter({ mediaCodecs });

async function comedia(): Promise<types.PlainTransport> {
  return router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
}

/** % of one core each pid used over `seconds` (measured now). */
async function cpuOver(pids: number[], seconds: number): Promise<number[]> {
  const a = pids.map(cpuSeconds);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  return pids.map((pid, i) => ((cpuSeconds(pid) - a[i]!) / elapsed) * 100);
}

type Sample = { without: number; withLayers: number; ffmpeg: number; node: number; worker: number; kbps: number[]; layers: string };

async function measure(): Promise<Sample> {
  const transports: types.PlainTransport[] = [];
  const producers: types.Producer[] = [];
  const plain = async () => {
    const t = await comedia();
    transports.push(t);
    return { id: t.id, ip: '127.0.0.1', port: t.tuple.localPort, rtcpPort: t.rtcpTuple?.localPort };
  };
  const feed = await feedFile(await benchClip(20), plain, async (id, kind, rtpParameters) => {
    producers.push(await transports.find((t) => t.id === id)!.produce({ kind, rtpParameters }));
  });
  const source = producers.find((p) => p.kind === 'video')!;
  let layers: WhipLayers | null = null;
  try {
    await sleep(WARMUP_MS);
    const [node0, worker0] = await cpuOver([process.pid, worker.pid], MEASURE_SEC);
    let offered: types.Producer | undefined;
    layers = await WhipLayers.open({
      router,
      source,
      ffmpegPath: 'ffmpeg',
      ffprobePath: 'ffprobe',
      log,
      produce: async (rtpParameters) => {
        const t = await comedia();
        transports.push(t);
        offered = await t.produce({ kind: 'video', rtpParameters });
        return { ip: '127.0.0.1', port: t.tuple.localPort, rtcpPort: t.rtcpTuple!.localPort };
      },
    });
    await layers.run();
    await sleep(WARMUP_MS);
    const [ffmpeg, node, w] = await cpuOver([layers.pid ?? 0, process.pid, worker.pid], MEASURE_SEC);
    const stats = new Map((await offered!.getStats()).map((s) => [s.ssrc, Math.round(s.bitrate / 1000)]));
    const kbps = offered!.rtpParameters.encodings!.map((e) => stats.get(e.ssrc!) ?? 0);
    const sample: Sample = {
      without: node0! + worker0!,
      withLayers: ffmpeg! + node! + w!,
      ffmpeg: ffmpeg!,
      node: node!,
      worker: w!,
      kbps,
      layers: layers.layers.map((l) => (l.height === null ? 'source' : `${l.height}p`)).join(' + '),
    };
    process.stdout.write(
      `whip-layers: ${sample.layers}: ${round(sample.withLayers)} % of a core with layers (ffmpeg ${round(ffmpeg!)}, node ${round(node!)}, worker ${round(w!)}) vs ${round(sample.without)} % without; ${kbps.join(' / ')} kb/s; load ${os.loadavg()[0]!.toFixed(2)}\n`,
    );
    return sample;
  } finally {
    await layers?.close();
    await feed.stop();
    for (const t of transports) t.close();
  }
}

const samples: Sample[] = [];
for (let r = 0; r < ROUNDS; r++) samples.push(await measure());
pool.close();

const extra = median(samples.map((s) => s.withLayers - s.without));
const figures: Figure[] = [
  {
    label: 'Extra CPU of the simulcast layers per single-layer WHIP source (720p25)',
    value: extra,
    unit: '% of one core',
    target: 25,
    better: 'lower',
    detail: `${samples[0]?.layers}; ${round(median(samples.map((s) => s.withLayers)))} % with layers vs ${round(median(samples.map((s) => s.without)))} % without`,
  },
];
writeBenchResult(
  'whip-layers',
  figures,
  [
    `${ROUNDS} rounds of ${MEASURE_SEC} s without and then with the layers, ${WARMUP_MS / 1000} s of warm-up each; load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}).`,
    'Counted: the layer ffmpeg, this Node process (the relay) and the mediasoup worker (the tap, the offered producer). The source stream stands for the WHIP encoder (RTP into a PlainTransport, not WebRTC): its own ffmpeg is not counted.',
  ],
  [
    {
      title: 'CPU, % of one core',
      header: ['layers', 'without', 'with layers', 'ffmpeg', 'node', 'worker', 'kb/s per layer'],
      rows: samples.map((s) => [s.layers, s.without.toFixed(1), s.withLayers.toFixed(1), s.ffmpeg.toFixed(1), s.node.toFixed(1), s.worker.toFixed(1), s.kbps.join(' / ')]),
    },
  ],
);
process.exit(0);
