import { describe, expect, it } from 'vitest';
import { flattenArgs } from '../../../../media/ffmpeg/command.js';
import { ladderArgs, posterArgs, rungsFor } from '../../../../media/ffmpeg/ladder-args.js';
import { composeFilter, gridCells, layoutCommands, recordArgs, speakerCells, speakerOrder } from '../../../../media/ffmpeg/record-args.js';

const base = { sdpPath: '/r/source/.r0.sdp', dir: '/r/source', run: 0, segmentSeconds: 2, timelineOffsetSec: 0 };
const valueAfter = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe('recordArgs', () => {
  it('copies a single H.264 video, turns Opus into AAC and writes 2 s independent HLS segments with date-times', () => {
    const args = flattenArgs(recordArgs({ ...base, videos: [{ codec: 'h264' }], audioCount: 1 }));
    expect(valueAfter(args, '-c:v')).toBe('copy');
    expect(valueAfter(args, '-c:a')).toBe('aac');
    expect(valueAfter(args, '-f')).toBe('sdp');
    expect(valueAfter(args, '-protocol_whitelist')).toBe('file,udp,rtp');
    expect(args).toContain('-i');
    expect(valueAfter(args, '-i')).toBe('/r/source/.r0.sdp');
    expect(valueAfter(args, '-hls_flags')).toBe('independent_segments+program_date_time+temp_file');
    expect(valueAfter(args, '-hls_list_size')).toBe('0');
    expect(Number(valueAfter(args, '-hls_time'))).toBeLessThanOrEqual(2);
    expect(valueAfter(args, '-hls_segment_filename')).toBe('/r/source/r0-%05d.ts');
    expect(args.at(-1)).toBe('/r/source/r0.m3u8');
    expect(args).not.toContain('libx264');
  });

  it.each(['vp8', 'vp9'] as const)('transcodes %s to H.264 with keyframes on segment boundaries', (codec) => {
    const args = flattenArgs(recordArgs({ ...base, videos: [{ codec }], audioCount: 1 }));
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(valueAfter(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(valueAfter(args, '-hls_time')).toBe('2.00');
  });

  it('continues the timeline of earlier runs and names files by run', () => {
    const args = flattenArgs(recordArgs({ ...base, run: 3, timelineOffsetSec: 61.5, videos: [{ codec: 'h264' }], audioCount: 1 }));
    expect(valueAfter(args, '-output_ts_offset')).toBe('61.500');
    expect(args.at(-1)).toBe('/r/source/r3.m3u8');
    expect(valueAfter(args, '-hls_segment_filename')).toBe('/r/source/r3-%05d.ts');
  });

  it('composes several videos in one encode and mixes several audios', () => {
    const args = flattenArgs(recordArgs({ ...base, videos: [{ codec: 'h264' }, { codec: 'vp8' }, { codec: 'h264' }], audioCount: 2 }));
    const filter = valueAfter(args, '-filter_complex')!;
    expect(filter).toContain('xstack=inputs=3');
    expect(filter).toContain('amix=inputs=2');
    expect(valueAfter(args, '-c:v')).toBe('libx264');
    expect(args.filter((a) => a === '-map')).toHaveLength(2);
  });

  it('records audio alone when there is no video', () => {
    const args = flattenArgs(recordArgs({ ...base, videos: [], audioCount: 1 }));
    expect(args).not.toContain('-c:v');
    expect(valueAfter(args, '-c:a')).toBe('aac');
  });
});

describe('layouts', () => {
  it('a grid of 4 fills the canvas in 2x2 without overlap', () => {
    expect(gridCells(4, 1280, 720)).toEqual([
      { x: 0, y: 0, w: 640, h: 360 },
      { x: 640, y: 0, w: 640, h: 360 },
      { x: 0, y: 360, w: 640, h: 360 },
      { x: 640, y: 360, w: 640, h: 360 },
    ]);
  });

  it('speaker layout keeps the first video large and the others in a strip below', () => {
    const [main, ...others] = speakerCells(3, 1280, 720);
    expect(main).toEqual({ x: 0, y: 0, w: 1280, h: 540 });
    expect(others.every((c) => c.y === 540 && c.h === 180)).toBe(true);
    expect(others[1]!.x).toBeGreaterThan(others[0]!.x);
  });

  it('builds the speaker layout so that a cell can change videos while ffmpeg runs, starting with the given speaker', () => {
    const { filter } = composeFilter({ videos: [{ codec: 'h264' }, { codec: 'vp8' }, { codec: 'h264' }], audioCount: 0, speaker: 2 });
    expect(filter).toContain('streamselect@cell0=inputs=3:map=2');
    expect(filter).toContain('streamselect@cell1=inputs=3:map=0');
    expect(filter).toContain('streamselect@cell2=inputs=3:map=1');
    expect(filter).toContain('xstack=inputs=3');
  });

  it('keeps ffmpeg\'s stdin open only for a switchable layout', () => {
    const composed = flattenArgs(recordArgs({ ...base, videos: [{ codec: 'h264' }, { codec: 'h264' }], audioCount: 1 }));
    expect(composed).not.toContain('-nostdin');
    const single = flattenArgs(recordArgs({ ...base, videos: [{ codec: 'h264' }], audioCount: 1 }));
    expect(single).toContain('-nostdin');
  });

  it('puts the speaker in the large cell and the others in order, as run-time commands', () => {
    expect(speakerOrder(3, 1)).toEqual([1, 0, 2]);
    expect(speakerOrder(3, 7)).toEqual([0, 1, 2]);
    expect(layoutCommands(speakerOrder(2, 1))).toEqual(['streamselect@cell0 -1 map 1', 'streamselect@cell1 -1 map 0']);
  });

  it('uses the grid layout when asked', () => {
    expect(composeFilter({ videos: [{ codec: 'h264' }, { codec: 'h264' }], audioCount: 0, layout: 'grid' }).filter).toContain(
      'layout=0_0|640_0',
    );
  });
});

describe('ladder', () => {
  it.each([
    [1080, [1080, 720, 480, 240]],
    [720, [720, 480, 240]],
    [360, [240]],
    [180, [180]],
  ])('a %ip source gets rungs %j', (height, expected) => {
    expect(rungsFor(height).map((r) => r.height)).toEqual(expected);
  });

  it('decodes once and writes one VOD playlist per rung', () => {
    const args = ladderArgs({ input: 'in.mp4', outDir: '/o', rungs: rungsFor(720), hasAudio: true, segmentSeconds: 4 });
    expect(args.inputs).toHaveLength(1);
    expect(args.outputs.map((o) => o.target)).toEqual(['/o/720p/index.m3u8', '/o/480p/index.m3u8', '/o/240p/index.m3u8']);
    const flat = flattenArgs(args);
    expect(valueAfter(flat, '-filter_complex')).toContain('split=3');
    expect(flat.filter((a) => a === 'vod')).toHaveLength(3);
  });

  it('poster takes one frame at the given time', () => {
    const flat = flattenArgs(posterArgs({ input: 'in.mp4', output: 'p.jpg', atSec: 2, height: 360 }));
    expect(valueAfter(flat, '-ss')).toBe('2.000');
    expect(valueAfter(flat, '-frames:v')).toBe('1');
  });
});
