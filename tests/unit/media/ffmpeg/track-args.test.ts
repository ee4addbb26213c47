import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFfmpeg } from '../../../../media/ffmpeg/process.js';
import { probeMedia } from '../../../../media/ffmpeg/probe.js';
import type { FfmpegArgs } from '../../../../media/ffmpeg/command.js';
import { interpretationRenditionArgs, signRenditionArgs } from '../../../../media/ffmpeg/track-args.js';
import { silentLog } from '../../../helpers/rtp-source.js';

const run = promisify(execFile);

/**
 * The interpreters' renditions made by real ffmpeg from pieces as the live recorder keeps them (Opus and
 * H.264 in MPEG-TS): each piece lands at its offset on the floor's timeline, silence (or black) elsewhere, and the
 * rendition is exactly as long as the floor.
 */
let dir: string;
const piece = async (name: string, lavfi: string, codec: string[]) => {
  const file = path.join(dir, name);
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', lavfi, ...codec, '-f', 'mpegts', file]);
  return file;
};

/** Makes a rendition into `<dir>/<folder>` with real ffmpeg and probes its playlist. */
async function rendition(folder: string, build: (out: string) => FfmpegArgs) {
  const out = path.join(dir, folder);
  fs.mkdirSync(out);
  await runFfmpeg(build(out), silentLog);
  return { playlist: path.join(out, 'index.m3u8'), info: await probeMedia(path.join(out, 'index.m3u8')) };
}

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
    const first = await piece('a1.ts', 'sine=frequency=440:duration=3', ['-c:a', 'libopus']);
    const second = await piece('a2.ts', 'sine=frequency=660:duration=2', ['-c:a', 'libopus']);
    const pieces = [{ file: first, offsetSec: 2 }, { file: second, offsetSec: 7 }];
    const { playlist, info } = await rendition('audio-ru', (out) => interpretationRenditionArgs({ pieces, durationSec: 12, dir: out }));
    expect(info).toMatchObject({ video: null, audio: { codec: 'aac' } });
    expect(info.durationSec).toBeCloseTo(12, 0);
    const quiet = await silences(playlist);
    expect(quiet).toHaveLength(3);
    const near = (a: number, b: number) => Math.abs(a - b) < 0.3;
    expect(near(quiet[0]![0], 0) && near(quiet[0]![1], 2)).toBe(true);
    expect(near(quiet[1]![0], 5) && near(quiet[1]![1], 7)).toBe(true);
    expect(near(quiet[2]![0], 9)).toBe(true);
  });

  it('lays sign-language pieces over black at 360 lines, video only, as long as the floor', async () => {
    const video = await piece('v1.ts', 'testsrc=size=320x240:rate=15:duration=3', ['-c:v', 'libx264', '-preset', 'ultrafast']);
    const pieces = [{ file: video, offsetSec: 4 }, { file: video, offsetSec: 8.5 }];
    const { playlist, info } = await rendition('sign', (out) => signRenditionArgs({ pieces, durationSec: 12, dir: out }));
    expect(info).toMatchObject({ audio: null, video: { codec: 'h264', height: 360 } });
    expect(info.durationSec).toBeCloseTo(12, 0);
    // Black before the first piece, the picture inside it (blackdetect: one black stretch from 0 to about 4 s).
    const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', playlist, '-vf', 'blackdetect=d=0.5:pix_th=0.1', '-f', 'null', '-']);
    const black = [...stderr.matchAll(/black_start:([\d.]+) black_end:([\d.]+)/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
    expect(black[0]![0]).toBeCloseTo(0, 0);
    expect(Math.abs(black[0]![1] - 4)).toBeLessThan(0.3);
    expect(black.some(([s, e]) => Math.abs(s - 7) < 0.3 && Math.abs(e - 8.5) < 0.3)).toBe(true);
  });
});
