import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Measures audio/video offset on media made by the `sync` test pattern (a white flash and a beep at the
 * start of every second): flash onsets come from blackdetect on the negated picture, beep onsets from
 * silencedetect. Returns the median of (beep − flash) in seconds over flashes that have a beep nearby.
 */
export async function measureAvOffset(input: string): Promise<{ offsetSec: number; pairs: number }> {
  const { stderr } = await run(
    'ffmpeg',
    [
      '-hide_banner', '-nostats', '-i', input,
      '-vf', 'negate,blackdetect=d=0.04:pix_th=0.10:pic_th=0.90',
      '-af', 'silencedetect=n=-30dB:d=0.3',
      '-f', 'null', '-',
    ],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const flashes = [...stderr.matchAll(/black_start:\s*([\d.]+)/g)].map((m) => Number(m[1]));
  const beeps = [...stderr.matchAll(/silence_end:\s*([\d.]+)/g)].map((m) => Number(m[1]));
  const offsets = flashes
    .map((f) => beeps.map((b) => b - f).sort((x, y) => Math.abs(x) - Math.abs(y))[0])
    .filter((d): d is number => d !== undefined && Math.abs(d) < 0.5)
    .sort((a, b) => a - b);
  if (offsets.length === 0) throw new Error(`no flash/beep pairs found (${flashes.length} flashes, ${beeps.length} beeps)`);
  return { offsetSec: offsets[Math.floor(offsets.length / 2)]!, pairs: offsets.length };
}
