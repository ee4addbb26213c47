/**
 * The shape of one ffmpeg command line, shared by every pure argument builder under media/ffmpeg/ (recording,
 * ladder, ingest, RTP sources). Builders never start a process; media/ffmpeg/process.ts runs what they build.
 */

export type FfmpegInput = { source: string; options: string[] };
export type FfmpegOutput = { target: string; options: string[] };
/** One ffmpeg invocation: inputs in order, then outputs in order (global options go on the first input). */
export type FfmpegArgs = { inputs: FfmpegInput[]; outputs: FfmpegOutput[] };

/** The command line as ffmpeg sees it (without the binary), for logs and tests. */
export function flattenArgs(args: FfmpegArgs): string[] {
  return [
    ...args.inputs.flatMap((i) => [...i.options, '-i', i.source]),
    ...args.outputs.flatMap((o) => [...o.options, o.target]),
  ];
}

/** Quiet logs but keep the `time=` statistics lines the process runner parses for progress. */
export const globalOptions = ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats'];

/** Whether an output target is a file (no `proto:` prefix, or `file:`), which ffmpeg must be allowed to overwrite. */
const isFileTarget = (target: string) => {
  const protocol = /^([a-z]{2,}):/i.exec(target);
  return !protocol || protocol[1]!.toLowerCase() === 'file';
};

/** The argv the runner gives ffmpeg: the command line, with `-y` (overwrite) when it writes any file. */
export function commandLine(args: FfmpegArgs): string[] {
  return [
    ...args.inputs.flatMap((i) => [...i.options, '-i', i.source]),
    ...(args.outputs.some((o) => isFileTarget(o.target)) ? ['-y'] : []),
    ...args.outputs.flatMap((o) => [...o.options, o.target]),
  ];
}

export function h264Encode(o: { segmentSeconds: number; preset: string; tune?: string; maxrate?: number }): string[] {
  return [
    '-c:v', 'libx264',
    '-preset', o.preset,
    ...(o.tune ? ['-tune', o.tune] : []),
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
    '-force_key_frames', `expr:gte(t,n_forced*${o.segmentSeconds})`,
    '-sc_threshold', '0',
    ...(o.maxrate ? ['-b:v', `${o.maxrate}`, '-maxrate', `${o.maxrate}`, '-bufsize', `${o.maxrate * 2}`] : ['-crf', '23']),
  ];
}

/** Rounds down to an even size of at least 2 (what yuv420p needs). */
export const even = (v: number) => Math.max(2, Math.floor(v / 2) * 2);
