// Recording benchmarks on this machine: live HLS latency (frame capture → segment available), recording CPU
// against a bare `ffmpeg -c copy` of the same RTP in the same run, and time to archive (session end → VOD
// playable). Source: ffmpeg testsrc2 720p H.264 + Opus through a mediasoup PlainTransport, a white flash
// every 4 s (so a frame's capture time is known).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { startRtpSource } from '../../media/ingest/rtp-source.js';
import { FfmpegProcess } from '../../media/ffmpeg/process.js';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { RecorderInput } from '../../media/recording/recorder-input.js';
import { startRecording, type Recorder } from '../../media/recording/recorder.js';
import { buildSdp } from '../../media/recording/sdp.js';
import { waitUntilBound } from '../../media/recording/udp-ports.js';
import { mediaCodecs } from '../../media/sfu/codecs.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';
import { cpuSeconds, median, writeBenchResult, type Figure } from './lib.js';

const run = promisify(execFile);
const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FLASH_EVERY = 4;
const RECORD_SEC = Number(process.env.BENCH_RECORD_SEC ?? 30);

const pool = await WorkerPool.start({ size: 1, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 47000, rtcMaxPort: 47999 }, log);
const router = await pool.entry(0)!.worker.createRouter({ mediaCodecs });

/** Source media time 0 in wall-clock ms, from ffmpeg's paced (-re) progress lines: min(wall − time). */
async function startSource() {
  const source = await startRtpSource({
    router,
    codec: 'h264',
    input: { kind: 'pattern', width: 1280, height: 720, fps: 25, sync: true, syncEverySec: FLASH_EVERY },
    keyframeSec: 2,
    log,
  });
  let t0 = Number.POSITIVE_INFINITY;
  source.process.on('progress', (p) => (t0 = Math.min(t0, Date.now() - p.timeSec * 1000)));
  return { source, t0: () => t0 };
}

/**
 * A bare ffmpeg on the same producers: own consumers, same SDP path, to nowhere. `copy` copies both
 * streams; `copy+aac` copies video and encodes the AAC every HLS recording needs (browsers do not play
 * Opus in MPEG-TS), the least any recorder of this RTP must do.
 */
async function startBareCopy(producers: Parameters<typeof RecorderInput.create>[1][], mode: 'copy' | 'copy+aac') {
  const inputs = await Promise.all(producers.map((p) => RecorderInput.create(router, p)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-copy-'));
  const sdp = path.join(dir, 'in.sdp');
  fs.writeFileSync(sdp, buildSdp(inputs.map((i) => i.sdpStream)));
  const proc = new FfmpegProcess(
    {
      inputs: [{ source: sdp, options: ['-hide_banner', '-nostdin', '-loglevel', 'error', '-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp'] }],
      outputs: [
        {
          target: '/dev/null',
          options: ['-map', '0', '-c', 'copy', ...(mode === 'copy+aac' ? ['-c:a', 'aac', '-b:a', '128k'] : []), '-f', 'mpegts', '-y'],
        },
      ],
    },
    log,
  ).start();
  await Promise.all(inputs.map((i) => waitUntilBound(i.ports.rtp)));
  await Promise.all(inputs.map((i) => i.start()));
  return { proc, close: async () => (await proc.stop(), inputs.forEach((i) => i.close())) };
}

/** Flash onsets (seconds on the recording's timeline) found with blackdetect on the negated picture. */
async function flashTimes(playlist: string): Promise<number[]> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-nostats', '-i', playlist, '-an', '-vf', 'negate,blackdetect=d=0.04:pix_th=0.10:pic_th=0.90', '-f', 'null', '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return [...stderr.matchAll(/black_start:\s*([\d.]+)/g)].map((m) => Number(m[1]));
}

async function vodPlayable(playlist: string): Promise<boolean> {
  if (!parseMediaPlaylist(fs.readFileSync(playlist, 'utf8')).ended) return false;
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playlist]);
    return Number(stdout) > 0;
  } catch {
    return false;
  }
}

/** Stops a recorder the way a session end does and times until the VOD plays (ENDLIST and ffprobe reads it). */
async function timeToArchive(recorder: Recorder): Promise<number> {
  const t = Date.now();
  await recorder.stop();
  while (!(await vodPlayable(recorder.playlistPath))) await sleep(20);
  return Date.now() - t;
}

const figures: Figure[] = [];
const notes: string[] = [];

// --- Main run: latency and CPU --------------------------------------------------------------------------
{
  const { source, t0 } = await startSource();
  await sleep(1500);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-rec-'));
  const recorder = await startRecording({ router, producers: source.producers, outDir, log, minFreeBytes: 1 });
  const bare = await startBareCopy(source.producers, 'copy');
  const bareAac = await startBareCopy(source.producers, 'copy+aac');
  const recorderPid = () => (recorder as unknown as { proc: FfmpegProcess }).proc.pid!;
  const available: { uri: string; at: number }[] = [];
  recorder.on('segment', (s) => available.push({ uri: s.uri, at: Date.now() }));
  await sleep(4000); // past ffmpeg's start-up probing, which all three do alike
  const cpu0 = { rec: cpuSeconds(recorderPid()), bare: cpuSeconds(bare.proc.pid!), aac: cpuSeconds(bareAac.proc.pid!), node: process.cpuUsage() };
  await sleep(RECORD_SEC * 1000);
  const cpu1 = { rec: cpuSeconds(recorderPid()), bare: cpuSeconds(bare.proc.pid!), aac: cpuSeconds(bareAac.proc.pid!), node: process.cpuUsage(cpu0.node) };
  const archiveMs = [await timeToArchive(recorder)];
  await bare.close();
  await bareAac.close();
  await source.stop();

  const recCpu = cpu1.rec - cpu0.rec;
  const bareCpu = cpu1.bare - cpu0.bare;
  figures.push({
    label: 'Recording CPU with Opus audio vs bare ffmpeg -c copy of video and audio',
    value: recCpu / bareCpu,
    unit: '×',
    detail: `recorder ffmpeg ${recCpu.toFixed(2)} s, bare copy ${bareCpu.toFixed(2)} s CPU over ${RECORD_SEC} s of 720p`,
  });
  const aacCpu = cpu1.aac - cpu0.aac;
  figures.push({
    label: 'Recording CPU vs bare ffmpeg copying video and encoding AAC',
    value: recCpu / aacCpu,
    unit: '×',
    target: 1.3,
    better: 'lower',
    detail: `bare copy+AAC ${aacCpu.toFixed(2)} s CPU`,
  });
  figures.push({
    label: 'Recording CPU, share of one core',
    value: (100 * recCpu) / RECORD_SEC,
    unit: '%',
    detail: `bare copy ${((100 * bareCpu) / RECORD_SEC).toFixed(1)} %, bare copy+AAC ${((100 * aacCpu) / RECORD_SEC).toFixed(1)} %; Node process (source control, recorder, bench) ${(((cpu1.node.user + cpu1.node.system) / 1e6 / RECORD_SEC) * 100).toFixed(1)} %`,
  });

  // Latency. The recorder started 1.5 s into the source, so it missed the flash at 0 s and has every later
  // one: the k-th flash in the recording is the source's flash at (k + 1) · FLASH_EVERY s.
  const playlist = parseMediaPlaylist(fs.readFileSync(recorder.playlistPath, 'utf8'));
  const starts: number[] = [];
  playlist.segments.reduce((acc, s) => (starts.push(acc), acc + s.durationSec), 0);
  const flashes = await flashTimes(recorder.playlistPath);
  const latencies: number[] = [];
  flashes.forEach((f, k) => {
    const i = starts.findLastIndex((s) => s <= f + 0.001);
    const seg = available.find((a) => a.uri === playlist.segments[i]?.uri);
    if (seg) latencies.push((seg.at - (t0() + (k + 1) * FLASH_EVERY * 1000)) / 1000);
  });
  const lat = latencies;
  figures.push({
    label: 'Live HLS latency, frame capture → segment available (median)',
    value: median(lat),
    unit: 's',
    target: 4,
    better: 'lower',
    detail: `${lat.length} flashes, max ${Math.max(...lat).toFixed(2)} s, 2 s segments`,
  });
  notes.push(
    'The recorder copies H.264 but must encode Opus to AAC (HLS in MPEG-TS); AAC is nearly all of its CPU, so ' +
      'against a bare copy of both streams the ratio is large while the absolute cost stays a few % of one core.',
  );
  notes.push(
    'Latency counts from the moment the source ffmpeg produced the flash frame (paced with -re) to the moment the ' +
      'segment holding it was listed in the live playlist; a player adds its own buffer on top.',
  );

  // --- The 720p H.264 stream alone: Nist's recorder against a bare copy of the same RTP -----------------
  // What the recorder adds to copying the video (consumers, keyframe requests timed to segments, HLS with
  // program date-time, playlist watching) with audio out of the picture; audio's AAC encode is measured above.
  {
    const s = await startSource();
    await sleep(1500);
    const video = s.source.producers.filter((p) => p.kind === 'video');
    const r = await startRecording({ router, producers: video, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-rec-')), log, minFreeBytes: 1 });
    const bareVideo = await startBareCopy(video, 'copy');
    const pid = () => (r as unknown as { proc: FfmpegProcess }).proc.pid!;
    await sleep(4000);
    const before = { rec: cpuSeconds(pid()), bare: cpuSeconds(bareVideo.proc.pid!) };
    await sleep(RECORD_SEC * 1000);
    const rec = cpuSeconds(pid()) - before.rec;
    const bare = cpuSeconds(bareVideo.proc.pid!) - before.bare;
    await r.stop();
    await bareVideo.close();
    await s.source.stop();
    figures.unshift({
      label: 'Recording CPU of one 720p H.264 stream vs bare ffmpeg -c copy of the same RTP',
      value: rec / bare,
      unit: '×',
      target: 1.3,
      better: 'lower',
      detail: `recorder ffmpeg ${rec.toFixed(3)} s, bare copy ${bare.toFixed(3)} s CPU over ${RECORD_SEC} s (${((100 * rec) / RECORD_SEC).toFixed(1)} % of one core)`,
    });
  }

  // --- Two more short sessions for time to archive -----------------------------------------------------
  for (let i = 0; i < 2; i += 1) {
    const s = await startSource();
    const r = await startRecording({ router, producers: s.source.producers, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-rec-')), log, minFreeBytes: 1 });
    await sleep(8000);
    archiveMs.push(await timeToArchive(r));
    await s.source.stop();
  }
  // --- ffmpeg killed mid-recording: time until the recorder runs again --------------------------------
  const restarts: number[] = [];
  {
    const s = await startSource();
    const r = await startRecording({ router, producers: s.source.producers, outDir: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-rec-')), log, minFreeBytes: 1 });
    for (let i = 0; i < 3; i += 1) {
      await new Promise<void>((resolve) => r.once('segment', () => resolve()));
      const restarted = new Promise<void>((resolve) => r.once('restarted', () => resolve()));
      const t = Date.now();
      process.kill((r as unknown as { proc: FfmpegProcess }).proc.pid!, 'SIGKILL');
      await restarted;
      restarts.push(Date.now() - t);
    }
    await r.stop();
    await s.source.stop();
  }
  figures.push({
    label: 'ffmpeg killed → recorder running again (median of 3)',
    value: median(restarts) / 1000,
    unit: 's',
    target: 2,
    better: 'lower',
    detail: `runs: ${restarts.map((m) => (m / 1000).toFixed(2)).join(', ')} s`,
  });

  figures.push({
    label: 'Time to archive, session end → VOD playable (median of 3)',
    value: median(archiveMs) / 1000,
    unit: 's',
    target: 5,
    better: 'lower',
    detail: `runs: ${archiveMs.map((m) => (m / 1000).toFixed(2)).join(', ')} s`,
  });
}

pool.close();
writeBenchResult('recording', figures, notes);
process.exit(0);
