// ABR ladder speed on this machine: realtime factor (media seconds per wall second) of the whole
// 720p/480p/240p ladder in one ffmpeg run, and of each rung alone. Source: a generated 720p clip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ladderArgs, rungsFor } from '../../media/recording/ffmpeg-args.js';
import { runFfmpeg } from '../../media/recording/ffmpeg-process.js';
import { generateTestClip } from '../../media/recording/importer.js';
import { transcodeLadder } from '../../media/recording/ladder.js';
import { writeBenchResult, type Figure } from './lib.js';

const log = pino({ level: 'silent' });
const SECONDS = Number(process.env.BENCH_LADDER_SEC ?? 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-ladder-'));
const clip = await generateTestClip({ output: path.join(dir, 'source.mp4'), seconds: SECONDS, width: 1280, height: 720, log });

const figures: Figure[] = [];
let t = Date.now();
const result = await transcodeLadder({ input: clip, outDir: path.join(dir, 'all'), log });
const allSec = (Date.now() - t) / 1000;
figures.push({
  label: `Ladder ${result.renditions.map((r) => `${r.height}p`).join('/')} in one run, realtime factor`,
  value: SECONDS / allSec,
  unit: '× realtime',
  target: 1,
  better: 'higher',
  detail: `${SECONDS} s of 720p in ${allSec.toFixed(1)} s, incl. poster`,
});

// A live recording: its 720p source HLS (copied from the clip) is reused as the top rendition.
const live = path.join(dir, 'live');
fs.mkdirSync(path.join(live, 'source'), { recursive: true });
await runFfmpeg(
  {
    inputs: [{ source: clip, options: ['-hide_banner', '-nostdin', '-loglevel', 'error'] }],
    outputs: [{ target: path.join(live, 'source/index.m3u8'), options: ['-c', 'copy', '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_playlist_type', 'vod'] }],
  },
  log,
);
t = Date.now();
const liveResult = await transcodeLadder({ input: path.join(live, 'source/index.m3u8'), outDir: live, log, sourceVariant: 'source/index.m3u8' });
const liveSec = (Date.now() - t) / 1000;
figures.push({
  label: 'Ladder after a live 720p recording (source reused as 720p, 480p/240p encoded), realtime factor',
  value: SECONDS / liveSec,
  unit: '× realtime',
  target: 1,
  better: 'higher',
  detail: `${liveResult.renditions.map((r) => `${r.height}p`).join('/')} in ${liveSec.toFixed(1)} s`,
});

for (const rung of rungsFor(720)) {
  fs.mkdirSync(path.join(dir, `only-${rung.height}`, `${rung.height}p`), { recursive: true });
  t = Date.now();
  await runFfmpeg(ladderArgs({ input: clip, outDir: path.join(dir, `only-${rung.height}`), rungs: [rung], hasAudio: true, segmentSeconds: 4 }), log);
  const sec = (Date.now() - t) / 1000;
  figures.push({ label: `${rung.height}p alone, realtime factor`, value: SECONDS / sec, unit: '× realtime', detail: `${sec.toFixed(1)} s` });
}

fs.rmSync(dir, { recursive: true, force: true });
writeBenchResult('ladder', figures, [`libx264 preset veryfast, ${os.cpus().length} cores; the recorder and the ladder share them.`]);
process.exit(0);
