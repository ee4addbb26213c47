import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../../../media/ffmpeg/process.js';
import { probeMedia } from '../../../../media/ffmpeg/probe.js';
import { interpretationRenditionArgs, signRenditionArgs } from '../../../../media/ffmpeg/track-args.js';
import { silentLog } from '../../../helpers/rtp-source.js';

const run = promisify(execFile);

/**
 * The interpreters' renditions made by real ffmpeg from pieces as the live recorder keeps them (Opus and VP8
 * in Matroska): each piece lands at its offset on the floor's timeline, silence (or black) elsewhere, and the
 * rendition is exactly as long as the floor.
 */
let dir: string;
const piece = async (name: string, lavfi: string, codec: string[]) => {
  const file = path.join(dir, name);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', lavfi, ...codec, '-f', 'matroska', file]);
  return file;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-track-args-'));
});

/** Where the audio is silent (ffmpeg silencedetect), as [start, end] pairs in seconds. */
async function silences(file: string): Promise<[number, number][]> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', file, '-af', 'silencedetect=n=-40dB:d=0.5', '-f', 'null', '-']);
  const starts = [...stderr.matchAll(/silence_start: ([\d.]+)/g)].map((m) => Number(m[1]));
  const ends = [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((m) => Number(m[1]));
  return starts.map((s, i) => [s, ends[i] ?? Infinity]);
}

describe('track renditions', () => {
  it('puts two interpretation pieces at their offsets, silence around them, as long as the floor', async () => {
    const first = await piece('a1.mkv', 'sine=frequency=440:duration=3', ['-c:a', 'libopus']);
    const second = await piece('a2.mkv', 'sine=frequency=660:duration=2', ['-c:a', 'libopus']);
    const out = path.join(dir, 'audio-ru');
    fs.mkdirSync(out);
    await runFfmpeg(interpretationRenditionArgs({ pieces: [{ file: first, offsetSec: 2 }, { file: second, offsetSec: 7 }], durationSec: 12, dir: out }), silentLog);
    const info = await probeMedia(path.join(out, 'index.m3u8'));
    expect(info.video).toBeNull();
    expect(info.audio?.codec).toBe('aac');
    expect(info.durationSec).toBeCloseTo(12, 0);
    const quiet = await silences(path.join(out, 'index.m3u8'));
    expect(quiet).toHaveLength(3);
    const near = (a: number, b: number) => Math.abs(a - b) < 0.3;
    expect(near(quiet[0]![0], 0) && near(quiet[0]![1], 2)).toBe(true);
    expect(near(quiet[1]![0], 5) && near(quiet[1]![1], 7)).toBe(true);
    expect(near(quiet[2]![0], 9)).toBe(true);
  });

  it('lays sign-language pieces over black at 360 lines, video only, as long as the floor', async () => {
    const video = await piece('v1.mkv', 'testsrc=size=320x240:rate=15:duration=3', ['-c:v', 'libvpx']);
    const out = path.join(dir, 'sign');
    fs.mkdirSync(out);
    await runFfmpeg(signRenditionArgs({ pieces: [{ file: video, offsetSec: 4 }, { file: video, offsetSec: 8.5 }], durationSec: 12, dir: out }), silentLog);
    const info = await probeMedia(path.join(out, 'index.m3u8'));
    expect(info.audio).toBeNull();
    expect(info.video).toMatchObject({ codec: 'h264', height: 360 });
    expect(info.durationSec).toBeCloseTo(12, 0);
    // Black before the first piece, the picture inside it (blackdetect: one black stretch from 0 to about 4 s).
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', path.join(out, 'index.m3u8'), '-vf', 'blackdetect=d=0.5:pix_th=0.1', '-f', 'null', '-']);
    const black = [...stderr.matchAll(/black_start:([\d.]+) black_end:([\d.]+)/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
    expect(black[0]![0]).toBeCloseTo(0, 0);
    expect(Math.abs(black[0]![1] - 4)).toBeLessThan(0.3);
    expect(black.some(([s, e]) => Math.abs(s - 7) < 0.3 && Math.abs(e - 8.5) < 0.3)).toBe(true);
  });
});
