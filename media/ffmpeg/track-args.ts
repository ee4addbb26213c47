/**
 * Pure builders for the interpreters' tracks of a recording (issue 16): the live piece recorder (one producer's
 * RTP kept as MPEG-TS while an interpreter is on air) and the renditions made from the pieces when the
 * recording is finalized or a file is attached: an interpretation as AAC HLS, sign language as H.264 HLS video
 * only, each padded to the floor's timeline (silence or black where no interpreter was on air).
 */
import { globalOptions, h264Encode, type FfmpegArgs } from './command.js';

/** A piece of a track: a file and where it starts on the floor recording's timeline. */
export type TrackPiece = { file: string; offsetSec: number };

export type TrackRenditionOptions = {
  pieces: readonly TrackPiece[];
  /** The floor recording's length: the rendition is exactly this long. */
  durationSec: number;
  /** The rendition's folder: `index.m3u8` and its segments go there. */
  dir: string;
  segmentSeconds?: number;
};

/** The rendition's playlist in its folder. */
export const trackPlaylistName = 'index.m3u8';
/** Sign language's picture height: a picture-in-picture does not need more. */
export const signHeight = 360;

/**
 * One producer's RTP (the SDP ffmpeg reads) as an MPEG-TS piece, written out packet by packet: a file cut
 * anywhere (ffmpeg stopped while it waits for a packet that never comes, killed, the server gone) reads up to
 * the cut. Opus is copied; the sign-language picture is encoded once to H.264 at 360 lines (VP8 has no place
 * in MPEG-TS, and 360 lines is what the rendition keeps).
 */
export function trackPieceArgs(o: { sdpPath: string; output: string; kind: 'audio' | 'video' }): FfmpegArgs {
  const codec =
    o.kind === 'audio'
      ? ['-c:a', 'copy']
      : ['-vf', `scale=-2:${signHeight}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '50', '-fps_mode', 'passthrough'];
  return {
    inputs: [
      {
        source: o.sdpPath,
        options: [...globalOptions, '-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '3000000', '-probesize', '5000000',
          '-reorder_queue_size', '64', '-buffer_size', '4194304', '-fflags', '+genpts+discardcorrupt', '-f', 'sdp'],
      },
    ],
    outputs: [{ target: o.output, options: ['-map', '0', ...codec, '-flush_packets', '1', '-f', 'mpegts'] }],
  };
}

const hlsOutput = (o: TrackRenditionOptions): string[] => [
  '-f', 'hls',
  '-hls_time', String(o.segmentSeconds ?? 4),
  '-hls_list_size', '0',
  '-hls_playlist_type', 'vod',
  '-hls_flags', 'independent_segments',
  '-hls_segment_filename', `${o.dir}/seg%05d.ts`,
];

const inputsOf = (pieces: readonly TrackPiece[]) => pieces.map((p) => ({ source: p.file, options: [] as string[] }));

/**
 * An interpretation: each piece starts at its offset (its own gaps, an interpreter's muted microphone, filled
 * with silence), the pieces mixed into one track (they never overlap: one interpreter per language at a
 * time), padded with silence to the floor's length and cut there; AAC stereo 48 kHz.
 */
export function interpretationRenditionArgs(o: TrackRenditionOptions): FfmpegArgs {
  const d = o.durationSec.toFixed(3);
  const chains = o.pieces.map(
    (p, i) => `[${i}:a:0]asetpts=PTS-STARTPTS,aresample=48000:async=1:first_pts=0,adelay=delays=${Math.round(p.offsetSec * 1000)}:all=1[a${i}]`,
  );
  const mix = `${o.pieces.map((_, i) => `[a${i}]`).join('')}amix=inputs=${o.pieces.length}:normalize=0:dropout_transition=0,` +
    `apad=whole_dur=${d},atrim=0:${d},aformat=sample_rates=48000:channel_layouts=stereo[out]`;
  const [first, ...rest] = inputsOf(o.pieces);
  return {
    inputs: [{ ...first!, options: globalOptions }, ...rest],
    outputs: [
      {
        target: `${o.dir}/${trackPlaylistName}`,
        options: ['-filter_complex', [...chains, mix].join(';'), '-map', '[out]', '-vn', '-c:a', 'aac', '-b:a', '96k', ...hlsOutput(o)],
      },
    ],
  };
}

/**
 * Sign language: a black picture as long as the floor, each piece laid over it from its offset (scaled into
 * 360 lines, the picture kept whole), the last frame held through a short pause; H.264, no audio.
 */
export function signRenditionArgs(o: TrackRenditionOptions & { fps?: number }): FfmpegArgs {
  const fps = o.fps ?? 25;
  const w = Math.round((signHeight * 16) / 9 / 2) * 2;
  const base = o.pieces.length;
  const chains = o.pieces.map(
    (p, i) =>
      `[${i}:v:0]setpts=PTS-STARTPTS+${p.offsetSec.toFixed(3)}/TB,fps=${fps},` +
      `scale=${w}:${signHeight}:force_original_aspect_ratio=decrease,pad=${w}:${signHeight}:(ow-iw)/2:(oh-ih)/2,setsar=1[s${i}]`,
  );
  let last = `[${base}:v]`;
  o.pieces.forEach((_, i) => {
    chains.push(`${last}[s${i}]overlay=eof_action=pass:repeatlast=0[o${i}]`);
    last = `[o${i}]`;
  });
  chains.push(`${last}format=yuv420p[out]`);
  const segmentSeconds = o.segmentSeconds ?? 4;
  return {
    inputs: [
      ...inputsOf(o.pieces).map((input, i) => (i === 0 ? { ...input, options: globalOptions } : input)),
      {
        source: `color=c=black:s=${w}x${signHeight}:r=${fps}:d=${o.durationSec.toFixed(3)}`,
        options: [...(o.pieces.length === 0 ? globalOptions : []), '-f', 'lavfi'],
      },
    ],
    outputs: [
      {
        target: `${o.dir}/${trackPlaylistName}`,
        options: ['-filter_complex', chains.join(';'), '-map', '[out]', '-an',
          ...h264Encode({ segmentSeconds, preset: 'veryfast', maxrate: 600_000 }), '-r', String(fps), ...hlsOutput(o)],
      },
    ],
  };
}
