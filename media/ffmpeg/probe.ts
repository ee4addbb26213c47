import { execFile } from 'node:child_process';
import { parseProbe, probeEntries, type SourceInfo } from './ingest-args.js';

/**
 * The one ffprobe (and `ffmpeg -version`) reader: every question Nist asks a media binary about a file, a
 * source or itself goes through `ask`.
 */
function ask(binary: string, args: string[], timeoutMs: number, maxBuffer = 8 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

type AskError = Error & { stderr: string; killed?: boolean };

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
    json = JSON.parse(await ask(ffprobePath, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], 30_000)) as ProbeJson;
  } catch (error) {
    const detail = ((error as Partial<AskError>).stderr ?? (error as Error).message).trim().split('\n').pop();
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

/** Opens an ingest source (file or URL) with ffprobe; rejects with a message naming the source when it cannot be read. */
export async function probeSource(source: string, ffprobePath = 'ffprobe', timeoutMs = 20_000): Promise<SourceInfo> {
  const args = ['-v', 'error', '-show_entries', probeEntries, '-of', 'json'];
  if (/^rtsp:/i.test(source)) args.push('-rtsp_transport', 'tcp');
  if (/^[a-z]+:\/\//i.test(source)) args.push('-rw_timeout', String(Math.round(timeoutMs * 1000 * 0.75)));
  args.push('-i', source);
  let stdout: string;
  try {
    stdout = await ask(ffprobePath, args, timeoutMs, 1 << 20);
  } catch (error) {
    const e = error as AskError;
    throw new Error(`Cannot open the source ${source}: ${e.stderr.trim().split('\n').at(-1) || (e.killed ? 'timed out' : e.message)}`);
  }
  let info: SourceInfo;
  try {
    info = parseProbe(stdout);
  } catch {
    throw new Error(`Cannot open the source ${source}: ffprobe gave no readable answer`);
  }
  if (!info.video && !info.audio) throw new Error(`The source ${source} has neither video nor audio.`);
  return info;
}

/**
 * Reads the size of the video arriving as RTP described by an SDP file (a mediasoup consumer's): ffprobe waits
 * for the first keyframe's parameter sets, so the caller keeps asking the sender for one meanwhile.
 */
export async function probeSdpVideo(sdpPath: string, ffprobePath = 'ffprobe', timeoutMs = 10_000): Promise<SourceInfo> {
  const args = ['-v', 'error', '-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '1000000', '-show_entries', probeEntries, '-of', 'json', '-f', 'sdp', '-i', sdpPath];
  try {
    return parseProbe(await ask(ffprobePath, args, timeoutMs, 1 << 20));
  } catch (error) {
    const e = error as AskError;
    throw new Error(`Cannot read the RTP video of ${sdpPath}: ${e.stderr?.trim().split('\n').at(-1) || (e.killed ? 'timed out' : e.message)}`);
  }
}

export type FfmpegInfo = { ok: true; version: string } | { ok: false; error: string };

/** Asks the ffmpeg binary for its version ("5.1.6-0+deb12u1"); never throws. */
export async function probeFfmpeg(ffmpegPath: string): Promise<FfmpegInfo> {
  try {
    const stdout = await ask(ffmpegPath, ['-hide_banner', '-version'], 5000);
    const match = /ffmpeg version (\S+)/.exec(stdout);
    return match ? { ok: true, version: match[1]! } : { ok: false, error: 'unrecognised ffmpeg -version output' };
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! };
  }
}
