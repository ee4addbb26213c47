// ABR ladder speed on this machine, as a real-time factor: seconds of media encoded per second of wall-clock
// time (3× means a 1-hour recording takes 20 minutes; above 1 is faster than real time). For the whole
// 720p/480p/240p ladder in one ffmpeg run from a file, for the ladder after a live recording (its source
// reused as the top rendition), and for each rung alone. Source: a generated 720p clip (BENCH_LADDER_SEC, 30).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ladderArgs, rungsFor } from '../../media/ffmpeg/ladder-args.js';
import { runFfmpeg } from '../../media/ffmpeg/process.js';
import { generateTestClip } from '../../media/recording/importer.js';
import { transcodeLadder } from '../../media/recording/ladder.js';
import { speedVsRealTime, writeBenchResult, type Figure } from './lib.js';

const log = pino({ level: 'silent' });
const SECONDS = Number(process.env.BENCH_LADDER_SEC ?? 30);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-ladder-'));
const clip = await generateTestClip({ output: path.join(dir, 'source.mp4'), seconds: SECONDS, width: 1280, height: 720, log });

const figures: Figure[] = [];
let t = Date.now();
const result = await transcodeLadder({ input: clip, outDir: path.join(dir, 'all'), log });
const allSec = (Date.now() - t) / 1000;
const speed = (label: string, wallSec: number, detail: string, target?: number): Figure => {
  const { factor, text } = speedVsRealTime(SECONDS, wallSec);
  return { label: `${label}: media seconds per wall-clock second`, value: factor, unit: '× real time', detail: `${text}; ${detail}`, ...(target ? { target, better: 'higher' as const } : {}) };
};
figures.push(speed(`Ladder ${result.renditions.map((r) => `${r.height}p`).join('/')} from a 720p file in one run`, allSec, 'incl. poster', 1));

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
figures.push(speed('Ladder after a live 720p recording (source reused as 720p, 480p/240p encoded)', liveSec, liveResult.renditions.map((r) => `${r.height}p`).join('/'), 1));

for (const rung of rungsFor(720)) {
  fs.mkdirSync(path.join(dir, `only-${rung.height}`, `${rung.height}p`), { recursive: true });
  t = Date.now();
  await runFfmpeg(ladderArgs({ input: clip, outDir: path.join(dir, `only-${rung.height}`), rungs: [rung], hasAudio: true, segmentSeconds: 4 }), log);
  const sec = (Date.now() - t) / 1000;
  figures.push(speed(`${rung.height}p alone`, sec, `one rung in one ffmpeg run`));
}

fs.rmSync(dir, { recursive: true, force: true });
writeBenchResult('ladder', figures, [`libx264 preset veryfast, ${os.cpus().length} cores; the recorder and the ladder share them.`]);
process.exit(0);
