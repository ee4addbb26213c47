import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type FfmpegInfo = { ok: true; version: string } | { ok: false; error: string };

/** Asks the ffmpeg binary for its version ("5.1.6-0+deb12u1"); never throws. */
export async function probeFfmpeg(ffmpegPath: string): Promise<FfmpegInfo> {
  try {
    const { stdout } = await run(ffmpegPath, ['-hide_banner', '-version'], { timeout: 5000 });
    const match = /ffmpeg version (\S+)/.exec(stdout);
    return match ? { ok: true, version: match[1]! } : { ok: false, error: 'unrecognised ffmpeg -version output' };
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! };
  }
}
