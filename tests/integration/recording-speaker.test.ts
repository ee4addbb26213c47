import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRtpSource, type RtpSource } from '../../media/ingest/rtp-source.js';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { startRecording, type Recorder } from '../../media/recording/recorder.js';
import { silentLog, startTestRouter } from '../helpers/rtp-source.js';
import { sleep, waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

type Rgb = [number, number, number];
const red: Rgb = [255, 0, 0];
const blue: Rgb = [0, 0, 255];

/** A looping clip of one solid colour with a tone: each participant's camera is recognisable by its colour. */
async function colourClip(dir: string, colour: string): Promise<string> {
  const file = path.join(dir, `${colour}.mp4`);
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=${colour}:s=320x180:r=25`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '6', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '12', '-c:a', 'aac', file,
  ]);
  return file;
}

/** The mean colour of a w×h box at (x, y) of the recording's frame at `atSec`. */
async function colourAt(playlist: string, atSec: number, box: { x: number; y: number; w: number; h: number }): Promise<Rgb> {
  const { stdout } = await run(
    'ffmpeg',
    ['-v', 'error', '-ss', atSec.toFixed(2), '-i', playlist, '-frames:v', '1', '-vf', `crop=${box.w}:${box.h}:${box.x}:${box.y},scale=1:1`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer' },
  );
  const b = stdout as unknown as Buffer;
  return [b[0]!, b[1]!, b[2]!];
}

const near = (a: Rgb, b: Rgb) => a.every((v, i) => Math.abs(v - b[i]!) < 48);

// The speaker layout on the default 1280x720 canvas: the large cell above (1280x540), a strip of 320x180 cells below.
const largeCell = { x: 590, y: 220, w: 100, h: 100 };
const firstSmallCell = { x: 110, y: 590, w: 100, h: 60 };

let router: types.Router;
let close: () => void;
const sources: RtpSource[] = [];
let dir: string;
let recorder: Recorder;
const restarts: string[] = [];
let switchedAtSec = 0;
let flickerKeptLayout = false;

beforeAll(async () => {
  ({ router, close } = await startTestRouter());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-speaker-'));
  for (const colour of ['red', 'blue']) {
    const file = await colourClip(dir, colour);
    sources.push(await startRtpSource({ router, codec: 'h264', input: { kind: 'file', path: file, loop: true }, keyframeSec: 0.5, log: silentLog }));
  }
  const [first, second] = sources as [RtpSource, RtpSource];
  recorder = await startRecording({ router, producers: [first.video, second.video, first.audio], outDir: path.join(dir, 'rec'), log: silentLog });
  recorder.on('restarted', (info) => restarts.push(info.reason));
  const playlist = () => parseMediaPlaylist(fs.readFileSync(recorder.playlistPath, 'utf8'));
  await waitFor('the first segments', () => playlist().segments.length >= 2, 40_000);

  // A short interjection does not take the large cell: the speaker must hold the floor about 2 s.
  recorder.setActiveVideo(second.video.id);
  await sleep(500);
  recorder.setActiveVideo(first.video.id);
  await sleep(2500);
  flickerKeptLayout = recorder.activeVideo !== second.video.id;

  // Then the second participant speaks and keeps speaking.
  recorder.setActiveVideo(second.video.id);
  await waitFor('the switch', () => recorder.activeVideo === second.video.id, 10_000);
  switchedAtSec = recorder.recordedSec;
  const target = playlist().segments.length + 3;
  await waitFor('segments after the switch', () => playlist().segments.length >= target, 40_000);
  await recorder.stop();
}, 150_000);

afterAll(async () => {
  await recorder?.stop();
  for (const s of sources) await s.stop();
  close?.();
});

describe('active speaker in the recorded composition', () => {
  it('shows the first video large until someone else holds the floor for 2 s', async () => {
    expect(flickerKeptLayout).toBe(true);
    const file = path.join(dir, 'rec/source/index.m3u8');
    expect(near(await colourAt(file, 1, largeCell), red)).toBe(true);
    expect(near(await colourAt(file, 1, firstSmallCell), blue)).toBe(true);
  });

  it('moves the active speaker to the large cell without restarting ffmpeg, so the recording is not cut', async () => {
    const file = path.join(dir, 'rec/source/index.m3u8');
    const { segments, ended } = parseMediaPlaylist(fs.readFileSync(file, 'utf8'));
    expect(ended).toBe(true);
    const total = segments.reduce((sum, s) => sum + s.durationSec, 0);
    const late = Math.max(switchedAtSec + 2, total - 1);
    expect(near(await colourAt(file, late, largeCell), blue)).toBe(true);
    expect(near(await colourAt(file, late, firstSmallCell), red)).toBe(true);
    expect(restarts).toEqual([]);
    expect(segments.some((s) => s.discontinuity)).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'rec/source')).filter((f) => /^r\d+\.m3u8$/.test(f))).toEqual(['r0.m3u8']);
  });
});
