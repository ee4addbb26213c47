import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FfmpegProcess, parseProgressLine, runFfmpeg } from '../../../../media/ffmpeg/process.js';
import type { FfmpegArgs } from '../../../../media/ffmpeg/command.js';

const log = pino({ level: 'silent' });
const lavfi = (seconds?: number): FfmpegArgs => ({
  inputs: [
    {
      source: `testsrc2=size=160x90:rate=25${seconds ? `:duration=${seconds}` : ''}`,
      options: ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats', '-re', '-f', 'lavfi'],
    },
  ],
  outputs: [{ target: '-', options: ['-f', 'null'] }],
});

describe('parseProgressLine', () => {
  it('reads time, speed and frame from a statistics line', () => {
    expect(parseProgressLine('frame=  50 fps= 25 q=-0.0 size=N/A time=00:01:02.50 bitrate=N/A speed=1.01x')).toEqual({
      timeSec: 62.5,
      speed: 1.01,
      frame: 50,
    });
    expect(parseProgressLine('[hls @ 0x1] Opening file for writing')).toBeNull();
  });
});

describe('FfmpegProcess', () => {
  it('reports progress and fires exit exactly once on success', async () => {
    const proc = new FfmpegProcess(lavfi(1), log);
    const exits: unknown[] = [];
    const progress: number[] = [];
    proc.on('exit', (e) => exits.push(e));
    proc.on('progress', (p) => progress.push(p.timeSec));
    proc.start();
    const exit = await proc.done;
    await new Promise((r) => setTimeout(r, 100));
    expect(exit).toMatchObject({ ok: true, requested: false, code: 0 });
    expect(exits).toHaveLength(1);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('stops on request and says so, whatever the exit code', async () => {
    const proc = new FfmpegProcess(lavfi(), log).start();
    await new Promise<void>((r) => proc.once('progress', () => r()));
    const exit = await proc.stop();
    expect(exit.requested).toBe(true);
    expect(proc.running).toBe(false);
    expect(await proc.stop()).toBe(exit);
  });

  it('reports a killed process once, as not ok and not requested', async () => {
    const proc = new FfmpegProcess(lavfi(), log).start();
    await new Promise<void>((r) => proc.once('start', () => r()));
    let count = 0;
    proc.on('exit', () => (count += 1));
    process.kill(proc.pid!, 'SIGKILL');
    const exit = await proc.done;
    expect(exit).toMatchObject({ ok: false, requested: false, signal: 'SIGKILL' });
    expect(count).toBe(1);
  });

  it('notices a full disk (writing to /dev/full)', async () => {
    const args: FfmpegArgs = { ...lavfi(1), outputs: [{ target: '/dev/full', options: ['-f', 'rawvideo'] }] };
    const proc = new FfmpegProcess(args, log).start();
    const exit = await proc.done;
    expect(exit.ok).toBe(false);
    expect(exit.noSpace).toBe(true);
  });

  it('runFfmpeg rejects with ffmpeg\'s own message', async () => {
    const missing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-ff-')), 'missing.mp4');
    const args: FfmpegArgs = { inputs: [{ source: missing, options: ['-hide_banner'] }], outputs: [{ target: '-', options: ['-f', 'null'] }] };
    await expect(runFfmpeg(args, log)).rejects.toThrow(/No such file/);
  });
});
