import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type MediaInfo = {
  durationSec: number;
  formatName: string;
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string } | null;
};

/** The file cannot be read as media; the message is meant for the person who gave the file. */
export class MediaProbeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaProbeError';
  }
}

type ProbeJson = {
  format?: { duration?: string; format_name?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; disposition?: { attached_pic?: number } }[];
};

/** Reads a media file's duration and first video/audio stream with ffprobe. */
export async function probeMedia(file: string, ffprobePath = 'ffprobe'): Promise<MediaInfo> {
  let json: ProbeJson;
  try {
    const { stdout } = await run(
      ffprobePath,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      { timeout: 30_000, maxBuffer: 8 * 1024 * 1024 },
    );
    json = JSON.parse(stdout) as ProbeJson;
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop();
    throw new MediaProbeError(`${file} is not a readable video file (${detail || 'ffprobe failed'}).`);
  }
  const streams = json.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic && s.width && s.height);
  const a = streams.find((s) => s.codec_type === 'audio');
  const durationSec = Number(json.format?.duration ?? NaN);
  return {
    durationSec: Number.isFinite(durationSec) ? durationSec : 0,
    formatName: json.format?.format_name ?? '',
    video: v ? { codec: v.codec_name ?? '', width: v.width!, height: v.height! } : null,
    audio: a ? { codec: a.codec_name ?? '' } : null,
  };
}
