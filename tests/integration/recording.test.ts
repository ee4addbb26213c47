import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { startRecording, type Recorder } from '../../media/recording/recorder.js';
import { measureAvOffset } from '../helpers/av-sync.js';
import { silentLog, startSyntheticSource, startTestRouter } from '../helpers/rtp-source.js';
import { sleep, waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

let router: types.Router;
let close: () => void;
beforeAll(async () => {
  ({ router, close } = await startTestRouter());
});
afterAll(() => close?.());

const outDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
const playlistOf = (dir: string) => parseMediaPlaylist(fs.readFileSync(path.join(dir, 'source/index.m3u8'), 'utf8'));

async function probe(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]);
  const json = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] };
  return {
    durationSec: Number(json.format.duration),
    video: json.streams.find((s) => s.codec_type === 'video'),
    audio: json.streams.find((s) => s.codec_type === 'audio'),
  };
}


// VP8 is decoded and encoded again on these 2 cores, next to the VP8 source encoder: it gets a smaller picture.
describe.each([
  { codec: 'h264' as const, width: 640, height: 360 },
  { codec: 'vp8' as const, width: 320, height: 180 },
])('recording a $codec source', ({ codec, width, height }) => {
  let dir: string;
  let recorder: Recorder;
  let liveCounts: number[] = [];
  let wallSec = 0;
  let vod: Awaited<ReturnType<typeof probe>>;

  beforeAll(async () => {
    dir = outDir();
    const source = await startSyntheticSource(router, { codec, width, height });
    recorder = await startRecording({ router, producers: source.producers, outDir: dir, log: silentLog });
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) {
      await sleep(2000);
      liveCounts.push(playlistOf(dir).segments.length);
    }
    await sleep(2000);
    wallSec = (Date.now() - started) / 1000;
    await recorder.stop();
    await source.stop();
    vod = await probe(path.join(dir, 'source/index.m3u8'));
  }, 60_000);

  it('grows a live EVENT playlist while recording', () => {
    expect(liveCounts.at(-1)!).toBeGreaterThan(liveCounts[0]!);
    expect(liveCounts.at(-1)!).toBeGreaterThanOrEqual(3);
  });

  it('finalizes a VOD playlist whose duration is within 5% of the recorded wall time', () => {
    const playlist = playlistOf(dir);
    expect(playlist.ended).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'source/index.m3u8'), 'utf8')).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(Math.abs(vod.durationSec - wallSec) / wallSec).toBeLessThan(0.05);
  });

  it('stores H.264 video and AAC audio in about 2 s segments with date-times', () => {
    expect(vod.video?.codec_name).toBe('h264');
    expect(vod.audio?.codec_name).toBe('aac');
    expect(vod.video?.height).toBe(height);
    const { segments } = playlistOf(dir);
    const inner = segments.slice(1, -1);
    expect(inner.length).toBeGreaterThan(2);
    for (const s of inner) expect(s.durationSec).toBeGreaterThan(0.9), expect(s.durationSec).toBeLessThan(2.6);
    expect(segments.every((s) => s.programDateTime)).toBe(true);
  });

  it('keeps audio and video in sync (beep vs flash under 100 ms)', async () => {
    const { offsetSec, pairs } = await measureAvOffset(path.join(dir, 'source/index.m3u8'));
    expect(pairs).toBeGreaterThanOrEqual(5);
    expect(Math.abs(offsetSec)).toBeLessThan(0.1);
  });
});

describe('faults', () => {
  it('restarts a killed ffmpeg, continues after a discontinuity and loses no finished segment', async () => {
    const dir = outDir();
    const source = await startSyntheticSource(router, { codec: 'h264' });
    const recorder = await startRecording({ router, producers: source.producers, outDir: dir, log: silentLog, restartDelayMs: 200 });
    const finished: string[] = [];
    recorder.on('segment', (s) => finished.push(s.uri));
    const restarted = new Promise<{ run: number; reason: string }>((resolve) => recorder.once('restarted', resolve));
    await waitFor('three segments', () => finished.length >= 3);
    const pid = (recorder as unknown as { proc: { pid: number } }).proc.pid;
    const beforeKill = [...finished];
    process.kill(pid, 'SIGKILL');
    expect(await restarted).toMatchObject({ run: 1, reason: 'crash' });
    await waitFor('segments after the restart', () => finished.some((u) => u.startsWith('r1-')) && finished.filter((u) => u.startsWith('r1-')).length >= 2);
    await recorder.stop();
    await source.stop();

    const playlist = playlistOf(dir);
    const uris = playlist.segments.map((s) => s.uri);
    for (const uri of beforeKill) {
      expect(uris).toContain(uri);
      expect(fs.existsSync(path.join(dir, 'source', uri))).toBe(true);
    }
    const firstOfRun1 = playlist.segments.find((s) => s.uri.startsWith('r1-'))!;
    expect(firstOfRun1.discontinuity).toBe(true);
    expect(playlist.ended).toBe(true);
    const vod = await probe(path.join(dir, 'source/index.m3u8'));
    expect(vod.durationSec).toBeGreaterThan(6);
  });

  it('resumes into the same recording after a restart and marks the gap', async () => {
    const dir = outDir();
    const source = await startSyntheticSource(router, { codec: 'h264' });
    const first = await startRecording({ router, producers: source.producers, outDir: dir, log: silentLog });
    await waitFor('two segments', () => playlistOf(dir).segments.length >= 2 && true);
    await first.stop();
    const before = playlistOf(dir).segments.map((s) => s.uri);
    await sleep(2000); // the server is down

    const second = await startRecording({ router, producers: source.producers, outDir: dir, log: silentLog, resume: true });
    const restarted = await new Promise<{ reason: string; gapSec: number | null }>((resolve) => {
      second.once('restarted', resolve);
      setTimeout(() => resolve({ reason: 'none', gapSec: null }), 1000);
    });
    await waitFor('new segments', () => playlistOf(dir).segments.length >= before.length + 2 && true);
    await second.stop();
    await source.stop();

    const playlist = playlistOf(dir);
    expect(playlist.segments.slice(0, before.length).map((s) => s.uri)).toEqual(before);
    expect(playlist.segments[before.length]!.discontinuity).toBe(true);
    expect(restarted.reason).toBe('resumed');
    expect(restarted.gapSec).toBeGreaterThan(0);
    // The wall-clock gap shows in the date-times on either side of the discontinuity.
    const lastBefore = playlist.segments[before.length - 1]!;
    const firstAfter = playlist.segments[before.length]!;
    const gapMs = Date.parse(firstAfter.programDateTime!) - (Date.parse(lastBefore.programDateTime!) + lastBefore.durationSec * 1000);
    expect(gapMs).toBeGreaterThan(0);
    const vod = await probe(path.join(dir, 'source/index.m3u8'));
    expect(vod.durationSec).toBeGreaterThan(4);
  });
});

/** A 3 MB tmpfs to fill for real (needs root; skipped where mounting is not allowed). */
function smallDisk(): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}
const fullDisk = smallDisk();
afterAll(() => {
  if (fullDisk) execFileSync('umount', [fullDisk], { stdio: 'ignore' });
});

describe('a disk that fills up', () => {
  // A real 3 MB tmpfs where mounting is allowed (root); elsewhere a free-space floor just under what is free.
  it('stops recording with an alert, keeps the recorded part playable, and the live stream goes on', async () => {
    const dir = fullDisk ?? outDir();
    const free = fs.statfsSync(dir);
    const source = await startSyntheticSource(router, { codec: 'h264' });
    const recorder = await startRecording({
      router,
      producers: source.producers,
      outDir: dir,
      log: silentLog,
      minFreeBytes: fullDisk ? 0 : free.bavail * free.bsize - 2_000_000,
    });
    const diskFull = new Promise<{ freeBytes: number; recordedSec: number }>((resolve) => recorder.once('diskFull', resolve));
    const ended = new Promise<{ reason: string }>((resolve) => recorder.once('ended', resolve));
    expect((await diskFull).recordedSec).toBeGreaterThan(0);
    expect((await ended).reason).toBe('diskFull');
    // The SFU side is untouched: the producer still receives media.
    const bytesBefore = (await source.video.getStats())[0]?.byteCount ?? 0;
    await sleep(1000);
    expect(source.video.closed).toBe(false);
    expect((await source.video.getStats())[0]?.byteCount ?? 0).toBeGreaterThan(bytesBefore);
    await source.stop();
    const playlist = playlistOf(dir);
    expect(playlist.ended).toBe(true);
    expect(playlist.segments.length).toBeGreaterThan(0);
    for (const s of playlist.segments) expect(fs.existsSync(path.join(dir, 'source', s.uri))).toBe(true);
    expect((await probe(path.join(dir, 'source/index.m3u8'))).durationSec).toBeGreaterThan(0.5);
  });
});

describe('several producers', () => {
  it('composes two cameras (H.264 and VP8) and mixes their audio into one H.264/AAC recording', async () => {
    const dir = outDir();
    const a = await startSyntheticSource(router, { codec: 'h264', sync: false });
    const b = await startSyntheticSource(router, { codec: 'vp8', sync: false, width: 320, height: 180 });
    const recorder = await startRecording({ router, producers: a.producers, outDir: dir, log: silentLog, layout: 'speaker' });
    await waitFor('a segment', () => playlistOf(dir).segments.length >= 1 && true);
    const restarted = new Promise((resolve) => recorder.once('restarted', resolve));
    await recorder.addProducer(b.video);
    await recorder.addProducer(b.audio);
    await restarted;
    const count = playlistOf(dir).segments.length;
    await waitFor('composed segments', () => playlistOf(dir).segments.length >= count + 2 && true);
    await recorder.stop();
    await Promise.all([a.stop(), b.stop()]);
    const segments = playlistOf(dir).segments;
    const last = segments.filter((s) => !s.discontinuity).at(-1)!;
    const composed = await probe(path.join(dir, 'source', last.uri));
    expect(composed.video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
    expect(composed.audio?.codec_name).toBe('aac');
  });
});
