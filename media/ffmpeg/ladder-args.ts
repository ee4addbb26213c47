/**
 * Pure builders for the ABR ladder, posters and test clips: argument lists only, unit-tested in
 * tests/unit/media/ffmpeg/record-args.test.ts.
 */
import { even, globalOptions, h264Encode, type FfmpegArgs, type FfmpegOutput } from './command.js';

export type Rung = { height: number; videoBitrate: number; audioBitrate: number };

/** The ABR ladder. */
export const ladderRungs: readonly Rung[] = [
  { height: 1080, videoBitrate: 5_000_000, audioBitrate: 128_000 },
  { height: 720, videoBitrate: 2_800_000, audioBitrate: 128_000 },
  { height: 480, videoBitrate: 1_200_000, audioBitrate: 96_000 },
  { height: 240, videoBitrate: 400_000, audioBitrate: 64_000 },
];

/** Every rung up to the source height; a source below the lowest rung gets one rendition at its own height. */
export function rungsFor(sourceHeight: number): Rung[] {
  const fitting = ladderRungs.filter((r) => r.height <= sourceHeight);
  return fitting.length ? fitting : [{ ...ladderRungs[ladderRungs.length - 1]!, height: even(sourceHeight) }];
}

export const renditionDir = (height: number) => `${height}p`;

/**
 * The ladder in one process: decode once, split, scale and encode each rung to its own VOD HLS folder
 * (`<outDir>/<height>p/index.m3u8`). The source may be a file or the recorded HLS playlist.
 */
export function ladderArgs(o: {
  input: string;
  outDir: string;
  rungs: Rung[];
  hasAudio: boolean;
  segmentSeconds: number;
  preset?: string;
}): FfmpegArgs {
  const n = o.rungs.length;
  const split = `[0:v:0]split=${n}${o.rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = o.rungs.map((r, i) => `[s${i}]scale=-2:${r.height},setsar=1[v${i}]`);
  const outputs = o.rungs.map((r, i): FfmpegOutput => {
    const dir = `${o.outDir}/${renditionDir(r.height)}`;
    return {
      target: `${dir}/index.m3u8`,
      options: [
        ...(i === 0 ? ['-filter_complex', [split, ...scales].join(';')] : []),
        '-map', `[v${i}]`,
        ...(o.hasAudio ? ['-map', '0:a:0?'] : []),
        ...h264Encode({ segmentSeconds: o.segmentSeconds, preset: o.preset ?? 'veryfast', maxrate: r.videoBitrate }),
        ...(o.hasAudio ? ['-c:a', 'aac', '-b:a', String(r.audioBitrate), '-ar', '48000', '-ac', '2'] : []),
        '-f', 'hls',
        '-hls_time', String(o.segmentSeconds),
        '-hls_list_size', '0',
        '-hls_playlist_type', 'vod',
        '-hls_flags', 'independent_segments+temp_file',
        '-hls_segment_filename', `${dir}/%05d.ts`,
      ],
    };
  });
  return { inputs: [{ source: o.input, options: [...globalOptions, '-fflags', '+genpts'] }], outputs };
}

/** One JPEG frame at `atSec`, scaled to `height`. */
export function posterArgs(o: { input: string; output: string; atSec: number; height: number }): FfmpegArgs {
  return {
    inputs: [{ source: o.input, options: [...globalOptions, '-ss', o.atSec.toFixed(3)] }],
    outputs: [{ target: o.output, options: ['-frames:v', '1', '-vf', `scale=-2:${o.height}`, '-q:v', '3', '-update', '1'] }],
  };
}

/**
 * A generated test clip: testsrc2 with a 1 kHz beep and a white flash at the start of every second
 * (so A/V offset can be measured), encoded to H.264/AAC MP4.
 */
export function testClipArgs(o: { output: string; seconds: number; width: number; height: number }): FfmpegArgs {
  return {
    inputs: [
      { source: `testsrc2=size=${o.width}x${o.height}:rate=25:duration=${o.seconds}`, options: [...globalOptions, '-f', 'lavfi'] },
      { source: `sine=frequency=1000:sample_rate=48000:duration=${o.seconds}`, options: ['-f', 'lavfi'] },
    ],
    outputs: [
      {
        target: o.output,
        options: [
          '-vf', "drawbox=c=white:t=fill:enable='lt(mod(t,1),0.1)'",
          '-af', "volume=0:enable='gte(mod(t,1),0.1)'",
          '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', '50',
          '-c:a', 'aac', '-b:a', '96k',
          '-movflags', '+faststart',
          '-f', 'mp4',
        ],
      },
    ],
  };
}

