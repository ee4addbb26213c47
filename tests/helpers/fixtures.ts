import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A small generated clip (testsrc2 video + sine audio); cached per parameters for the test run. H.264 is
 * libx264's default, High profile with B-frames (what a camcorder or an export gives), unless `cameraLike`.
 */
export async function generateClip(options: {
  seconds: number;
  width?: number;
  height?: number;
  codec?: 'h264' | 'vp8';
  container?: 'mp4' | 'mkv' | 'webm';
  /**
   * H.264 as an IP camera sends it: baseline profile, no B-frames, a keyframe every second. The broadcast CLI
   * copies it without a transcode (which keeps the test machine's cores free) and the live HLS gets 1 s segments.
   */
  cameraLike?: boolean;
  /** With `cameraLike`: the keyframe interval (1 s unless told), e.g. 2 s as OBS is told to send. */
  keyframeSec?: number;
  dir?: string;
}): Promise<string> {
  const { seconds, width = 640, height = 360, codec = 'h264', container = 'mp4', cameraLike = false, keyframeSec = 1 } = options;
  const dir = options.dir ?? path.join(os.tmpdir(), 'nist-fixtures');
  fs.mkdirSync(dir, { recursive: true });
  const kind = codec === 'h264' && cameraLike ? `h264-baseline${keyframeSec === 1 ? '' : `-k${keyframeSec}`}` : codec;
  const file = path.join(dir, `clip-${seconds}s-${width}x${height}-${kind}.${container}`);
  if (fs.existsSync(file)) return file;
  const h264 = cameraLike ? ['-profile:v', 'baseline', '-bf', '0', '-g', String(Math.round(25 * keyframeSec))] : ['-g', '50'];
  const video = codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', ...h264] : ['-c:v', 'libvpx', '-b:v', '800k', '-deadline', 'realtime'];
  const audio = container === 'webm' ? ['-c:a', 'libopus'] : ['-c:a', 'aac'];
  const tmp = `${file}.${process.pid}.tmp.${container}`;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    ...video, ...audio, '-shortest', tmp,
  ]);
  fs.renameSync(tmp, file);
  return file;
}

export async function probeDuration(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}
