import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { testClipArgs } from '../ffmpeg/ladder-args.js';
import { runFfmpeg } from '../ffmpeg/process.js';
import type { Chapter } from './hls-playlist.js';
import { transcodeLadder, type LadderProgress, type LadderResult } from './ladder.js';
import { MediaProbeError, probeMedia, type MediaInfo } from '../ffmpeg/probe.js';

export const importableExtensions = ['.mp4', '.mkv', '.mov', '.webm', '.m4v'] as const;

export type InspectedVideo = MediaInfo & { video: NonNullable<MediaInfo['video']>; sha256: string; bytes: number };

/**
 * Checks that `file` is a video Nist can archive, before anything is created for it: it exists, has a
 * known container extension, a video stream and a duration. Throws MediaProbeError with a plain message.
 */
export async function inspectVideo(file: string, ffprobePath?: string): Promise<InspectedVideo> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new MediaProbeError(`${file} does not exist or cannot be read.`);
  }
  if (!stat.isFile()) throw new MediaProbeError(`${file} is not a file.`);
  const ext = path.extname(file).toLowerCase();
  if (!(importableExtensions as readonly string[]).includes(ext)) {
    throw new MediaProbeError(`${file} is not an MP4, MKV, MOV or WebM file.`);
  }
  const info = await probeMedia(file, ffprobePath);
  if (!info.video) throw new MediaProbeError(`${file} has no video stream.`);
  if (!(info.durationSec > 0)) throw new MediaProbeError(`${file} has no playable duration.`);
  return { ...info, video: info.video, sha256: await sha256File(file), bytes: stat.size };
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Transcodes a video file into the archive layout at `outDir` (ladder, master, poster, chapters): a staging
 * folder the caller (the recording store) moves into place when it is complete, or removes. `video` is the
 * inspection already made (inspectVideo), so the file is not probed twice.
 */
export function importVideoFile(o: {
  input: string;
  outDir: string;
  log: Logger;
  video?: MediaInfo;
  chapters?: Chapter[];
  ffmpegPath?: string;
  ffprobePath?: string;
  onProgress?: (p: LadderProgress) => void;
  signal?: AbortSignal;
}): Promise<LadderResult> {
  const { video, ...rest } = o;
  return transcodeLadder({ ...rest, info: video });
}

/** A generated clip (test pattern, beep and flash every second) for demo content and benchmarks. */
export async function generateTestClip(o: {
  output: string;
  seconds: number;
  width: number;
  height: number;
  log: Logger;
  ffmpegPath?: string;
  signal?: AbortSignal;
}): Promise<string> {
  fs.mkdirSync(path.dirname(o.output), { recursive: true });
  const tmp = `${o.output}.${process.pid}.partial`;
  try {
    await runFfmpeg(testClipArgs({ output: tmp, seconds: o.seconds, width: o.width, height: o.height }), o.log, {
      ffmpegPath: o.ffmpegPath,
      signal: o.signal,
    });
    fs.renameSync(tmp, o.output);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return o.output;
}
