// Ingest CPU per RTMP source: Nist's path (node-media-server in the server's process, its ingest ffmpeg reading the
// publisher back on loopback, the layer relay, the mediasoup worker taking the RTP) against a bare ffmpeg doing the same
// receive-and-forward (listening for RTMP itself, H.264 copied, AAC to Opus, RTP into a PlainTransport on a worker
// of its own), both fed the same 720p30 encoder stream at once; once with INGEST_SIMULCAST=0 and once with the
// server-side simulcast layers (360p + 180p from one decode), whose difference is what the layers cost.
//   BENCH_INGEST_SEC=20 BENCH_INGEST_ROUNDS=3 npm run bench -- ingest
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import pino from 'pino';
import { buildIngestArgs, type SourceInfo } from '../../media/ffmpeg/ingest-args.js';
import { probeSource } from '../../media/ffmpeg/probe.js';
import { IngestProcess } from '../../media/ingest/ingest-process.js';
import { RtmpServer } from '../../media/ingest/rtmp-server.js';
import { audioRtpParameters, ingestPayloadTypes, videoRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { prepareVideoFeed } from '../../media/ingest/video-feed.js';
import { describeLayers } from '../../media/ingest/video-layers.js';
import { mediaCodecs } from '../../media/sfu/codecs.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { cpuSeconds, median, round, writeBenchResult, type Figure } from './lib.js';

const run = promisify(execFile);
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MEASURE_SEC = Number(process.env.BENCH_INGEST_SEC ?? 20);
const ROUNDS = Number(process.env.BENCH_INGEST_ROUNDS ?? 3);
const WARMUP_MS = 6000;

/** 720p30 H.264 as OBS is told to send it (no B-frames, 2 s keyframes, ~2.5 Mb/s) with AAC; cached. */
async function encoderClip(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'nist-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'ingest-720p30-40s.mp4');
  if (fs.existsSync(file)) return file;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=40',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=40',
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '0', '-g', '60',
    '-b:v', '2500k', '-maxrate', '2500k', '-bufsize', '5000k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', `${file}.tmp.mp4`,
  ]);
  fs.renameSync(`${file}.tmp.mp4`, file);
  return file;
}

/** The encoder: the clip, paced and looped, published over RTMP without re-encoding (its own CPU is not counted). */
function publisher(clip: string, url: string): ChildProcess {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-f', 'flv', url], { stdio: 'ignore' });
}

const pool = await WorkerPool.start({ size: 2, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 46000, rtcMaxPort: 46999 }, log);
const [nistWorker, bareWorker] = [pool.entry(0)!.worker, pool.entry(1)!.worker];
const nistRouter = await nistWorker.createRouter({ mediaCodecs });
const bareRouter = await bareWorker.createRouter({ mediaCodecs });
const rtmp = await RtmpServer.start({ bind: '127.0.0.1', port: 0, storeDir: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-nms-')), log, authorize: () => true });
const clip = await encoderClip();

type Path = { pids: () => number[]; producers: types.Producer[]; layers: string; stop: () => Promise<void> };

async function plainProducer(router: types.Router, kind: types.MediaKind, rtpParameters: types.RtpParameters) {
  const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
  const producer = await transport.produce({ kind, rtpParameters });
  return { producer, transport, target: { ip: '127.0.0.1', port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort } };
}

async function audioTo(router: types.Router) {
  const ssrc = randomInt(1, 2 ** 31 - 1);
  const a = await plainProducer(router, 'audio', audioRtpParameters(ssrc));
  return { ...a, rtp: { ...a.target, ssrc, payloadType: ingestPayloadTypes.audio } };
}

/** Nist's path, as server/live/rtmp-ingest.ts runs it (minus the room and the stream key). */
async function startNist(n: number, simulcast: boolean): Promise<Path> {
  const name = `bench-${n}`;
  const encoder = publisher(clip, `rtmp://127.0.0.1:${rtmp.port}/live/${name}`);
  const source = rtmp.loopbackUrl('live', name);
  let info: SourceInfo | undefined;
  for (let i = 0; i < 20 && !info; i++) info = await probeSource(source, 'ffprobe', 10_000).catch(() => sleep(500).then(() => undefined));
  if (!info) throw new Error('the publisher never reached node-media-server');
  const video: { producer?: types.Producer; transport?: types.PlainTransport } = {};
  const feed = await prepareVideoFeed(info, simulcast, async (p) => {
    const v = await plainProducer(nistRouter, 'video', p);
    Object.assign(video, v);
    return v.target;
  });
  const audio = await audioTo(nistRouter);
  const ffmpeg = new IngestProcess(buildIngestArgs({ source, info, loop: false, video: null, audio: audio.rtp, ...feed.plan }));
  ffmpeg.on('error', (e) => process.stderr.write(`nist ingest ffmpeg: ${e.message}\n`));
  for (let i = 0; i < 60 && !(await flowing(video.producer!)); i++) await sleep(500);
  return {
    pids: () => [ffmpeg.pid ?? 0, process.pid, nistWorker.pid],
    producers: [video.producer!, audio.producer],
    layers: describeLayers(feed.layers, info),
    stop: async () => {
      await ffmpeg.stop();
      feed.close();
      encoder.kill('SIGKILL');
      video.transport?.close();
      audio.transport.close();
    },
  };
}

/** A bare ffmpeg listening for the RTMP publisher itself, forwarding to a PlainTransport as Nist's single layer does. */
async function startBare(n: number, info: SourceInfo): Promise<Path> {
  const port = 19350 + n;
  const ssrc = randomInt(1, 2 ** 31 - 1);
  const v = await plainProducer(bareRouter, 'video', videoRtpParameters(ssrc));
  const audio = await audioTo(bareRouter);
  const url = `rtmp://127.0.0.1:${port}/live/bare`;
  const args = buildIngestArgs({ source: url, info, loop: false, video: { ...v.target, ssrc, payloadType: ingestPayloadTypes.video }, audio: audio.rtp });
  args.splice(args.indexOf('-i'), 0, '-listen', '1', '-f', 'flv');
  const ffmpeg = new IngestProcess(args);
  ffmpeg.on('error', (e) => process.stderr.write(`bare ffmpeg: ${e.message}\n`));
  // The listener may take a moment to open on a busy machine: the publisher tries again until media flows.
  let encoder = publisher(clip, url);
  for (let i = 0; i < 60 && !(await flowing(v.producer)); i++) {
    await sleep(500);
    if (encoder.exitCode !== null) encoder = publisher(clip, url);
  }
  if (!(await flowing(v.producer))) throw new Error('the bare ffmpeg never forwarded the publisher');
  return {
    pids: () => [ffmpeg.pid ?? 0, bareWorker.pid],
    producers: [v.producer, audio.producer],
    layers: 'source only',
    stop: async () => {
      encoder.kill('SIGKILL');
      await ffmpeg.stop();
      v.transport.close();
      audio.transport.close();
    },
  };
}

const flowing = async (producer: types.Producer) => (await producer.getStats()).some((s) => s.bitrate > 0);

/** Per-layer bitrates reaching the producers (kb/s, lowest first): proof that every layer flows. */
async function bitrates(p: Path): Promise<number[]> {
  const stats = await p.producers[0]!.getStats();
  const bySsrc = new Map(stats.map((s) => [s.ssrc, Math.round(s.bitrate / 1000)]));
  const order = p.producers[0]!.rtpParameters.encodings!.map((e) => e.ssrc!);
  return order.map((ssrc) => bySsrc.get(ssrc) ?? 0);
}

type Sample = { nist: number; bare: number; nistFfmpeg: number; nistNode: number; nistWorker: number; kbps: number[]; layers: string };

async function measure(n: number, simulcast: boolean, info: SourceInfo): Promise<Sample> {
  const [nist, bare] = [await startNist(n, simulcast), await startBare(n, info)];
  try {
    await sleep(WARMUP_MS);
    const nistPids = nist.pids();
    const barePids = bare.pids();
    const a = [nistPids.map(cpuSeconds), barePids.map(cpuSeconds), performance.now()] as const;
    await sleep(MEASURE_SEC * 1000);
    const b = [nistPids.map(cpuSeconds), barePids.map(cpuSeconds), performance.now()] as const;
    const seconds = (b[2] - a[2]) / 1000;
    const pct = (x: number[], y: number[]) => y.map((v, i) => ((v - x[i]!) / seconds) * 100);
    const [nistCpu, bareCpu] = [pct(a[0], b[0]), pct(a[1], b[1])];
    nistCpu[1] = Math.max(0, nistCpu[1]! - idle.node);
    nistCpu[2] = Math.max(0, nistCpu[2]! - idle.nistWorker);
    bareCpu[1] = Math.max(0, bareCpu[1]! - idle.bareWorker);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    const kbps = await bitrates(nist);
    const sample = { nist: sum(nistCpu), bare: sum(bareCpu), nistFfmpeg: nistCpu[0]!, nistNode: nistCpu[1]!, nistWorker: nistCpu[2]!, kbps, layers: nist.layers };
    process.stdout.write(
      `ingest: ${simulcast ? 'layers' : 'single'} (${nist.layers}): Nist ${sample.nist.toFixed(1)} % of a core (ffmpeg ${sample.nistFfmpeg.toFixed(1)}, node ${sample.nistNode.toFixed(1)}, worker ${sample.nistWorker.toFixed(1)}), ` +
        `bare ${sample.bare.toFixed(1)} %, layers ${kbps.join(' / ')} kb/s, load ${os.loadavg()[0]!.toFixed(2)}\n`,
    );
    return sample;
  } finally {
    await nist.stop();
    await bare.stop();
  }
}

/** What this process and the two idle workers use with no source: taken off both sides' figures. */
async function idlePercent(): Promise<{ node: number; nistWorker: number; bareWorker: number }> {
  const pids = [process.pid, nistWorker.pid, bareWorker.pid];
  const a = pids.map(cpuSeconds);
  const t0 = performance.now();
  await sleep(5000);
  const seconds = (performance.now() - t0) / 1000;
  const [node, nw, bw] = pids.map((pid, i) => ((cpuSeconds(pid) - a[i]!) / seconds) * 100);
  return { node: node!, nistWorker: nw!, bareWorker: bw! };
}

const info = await probeSource(clip);
const idle = await idlePercent();
const single: Sample[] = [];
const layered: Sample[] = [];
for (let r = 0; r < ROUNDS; r++) {
  single.push(await measure(2 * r, false, info));
  layered.push(await measure(2 * r + 1, true, info));
}
await rtmp.stop();
pool.close();

const med = (xs: Sample[], f: (s: Sample) => number) => median(xs.map(f));
const ratioSingle = med(single, (s) => s.nist / s.bare);
const ratioLayered = med(layered, (s) => s.nist / s.bare);
const extra = med(layered, (s) => s.nist) - med(single, (s) => s.nist);
const figures: Figure[] = [
  { label: 'Ingest CPU per RTMP source, INGEST_SIMULCAST=0, against bare ffmpeg', value: ratioSingle, unit: '×', target: 1.3, better: 'lower', detail: `${round(med(single, (s) => s.nist))} % vs ${round(med(single, (s) => s.bare))} % of one core` },
  { label: 'Extra CPU of the simulcast layers per 720p30 source', value: extra, unit: '% of one core', target: 25, better: 'lower', detail: `${layered[0]?.layers}; ${round(med(layered, (s) => s.nist))} % with layers vs ${round(med(single, (s) => s.nist))} % without` },
  { label: 'Ingest CPU per RTMP source with layers, against bare ffmpeg', value: ratioLayered, unit: '×', better: 'lower', detail: 'the bare ffmpeg forwards the source only' },
];
const row = (kind: string, s: Sample) => [kind, s.layers, s.nist.toFixed(1), s.nistFfmpeg.toFixed(1), s.nistNode.toFixed(1), s.nistWorker.toFixed(1), s.bare.toFixed(1), (s.nist / s.bare).toFixed(2), s.kbps.join(' / ')];
writeBenchResult(
  'ingest',
  figures,
  [
    `${ROUNDS} rounds of ${MEASURE_SEC} s each way, after ${WARMUP_MS / 1000} s of warm-up; Nist and the bare ffmpeg fed at the same time, on workers of their own.`,
    "Nist's CPU counts the ingest ffmpeg, this Node process (node-media-server, the relay) and its mediasoup worker; the bare side its ffmpeg and its worker. The encoders' own CPU is not counted.",
    `Idle before any source (taken off): this process ${idle.node.toFixed(2)} %, the workers ${idle.nistWorker.toFixed(2)} % and ${idle.bareWorker.toFixed(2)} % of one core.`,
  ],
  [
    {
      title: 'CPU per source, % of one core (Nist = ffmpeg + node + worker)',
      header: ['run', 'layers', 'Nist', 'ffmpeg', 'node', 'worker', 'bare', 'ratio', 'kb/s per layer'],
      rows: [...single.map((s) => row('single', s)), ...layered.map((s) => row('layers', s))],
    },
  ],
);
process.exit(0);
