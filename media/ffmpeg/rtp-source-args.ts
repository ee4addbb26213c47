import type { FfmpegArgs } from './command.js';

export type RtpTarget = { ip: string; rtpPort: number; rtcpPort: number; payloadType: number; ssrc: number };

export type RtpSourceInput =
  /** testsrc2 and a tone; `sync` adds a white flash and a 1 kHz beep at the start of every `syncEverySec` (1) s. */
  | { kind: 'pattern'; width: number; height: number; fps: number; sync?: boolean; syncEverySec?: number }
  | { kind: 'file'; path: string; loop?: boolean };

const rtpUrl = (t: RtpTarget) => `rtp://${t.ip}:${t.rtpPort}?rtcpport=${t.rtcpPort}&pkt_size=1200`;

/**
 * ffmpeg sending one video and one audio stream as RTP to two mediasoup PlainTransports, paced in real time.
 * Video is H.264 (constrained baseline, as the router offers) or VP8; audio is Opus. Keyframes every
 * `keyframeSec`, because ffmpeg does not answer the SFU's keyframe requests.
 */
export function rtpSourceArgs(o: {
  input: RtpSourceInput;
  codec: 'h264' | 'vp8';
  video: RtpTarget;
  audio: RtpTarget;
  seconds?: number;
  keyframeSec?: number;
  videoBitrate?: number;
}): FfmpegArgs {
  const base = ['-hide_banner', '-nostdin', '-loglevel', 'warning', '-stats'];
  const duration = o.seconds ? `:duration=${o.seconds}` : '';
  const inputs =
    o.input.kind === 'pattern'
      ? [
          {
            source: `testsrc2=size=${o.input.width}x${o.input.height}:rate=${o.input.fps}${duration}`,
            options: [...base, '-re', '-f', 'lavfi'],
          },
          {
            source: `sine=frequency=${o.input.sync ? 1000 : 440}:sample_rate=48000${duration}`,
            options: ['-re', '-f', 'lavfi'],
          },
        ]
      : [{ source: o.input.path, options: [...base, '-re', ...(o.input.loop ? ['-stream_loop', '-1'] : [])] }];
  const audioIn = o.input.kind === 'pattern' ? '1:a:0' : '0:a:0?';
  const fps = o.input.kind === 'pattern' ? o.input.fps : 25;
  const gop = String(Math.max(1, Math.round(fps * (o.keyframeSec ?? 1))));
  const bitrate = String(o.videoBitrate ?? 1_000_000);
  const sync = o.input.kind === 'pattern' && o.input.sync;
  const every = o.input.kind === 'pattern' ? (o.input.syncEverySec ?? 1) : 1;
  const video =
    o.codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-level', '3.1',
         '-pix_fmt', 'yuv420p', '-bf', '0', '-g', gop, '-keyint_min', gop, '-b:v', bitrate]
      : ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-lag-in-frames', '0', '-auto-alt-ref', '0', '-pix_fmt', 'yuv420p', '-g', gop,
         '-keyint_min', gop, '-b:v', bitrate, '-error-resilient', '1'];
  return {
    inputs,
    outputs: [
      {
        target: rtpUrl(o.video),
        options: [
          '-map', '0:v:0',
          ...(sync ? ['-vf', `drawbox=c=white:t=fill:enable='lt(mod(t,${every}),0.1)'`] : []),
          ...video,
          '-f', 'rtp', '-ssrc', String(o.video.ssrc), '-payload_type', String(o.video.payloadType),
        ],
      },
      {
        target: rtpUrl(o.audio),
        options: [
          '-map', audioIn,
          ...(sync ? ['-af', `volume=0:enable='gte(mod(t,${every}),0.1)'`] : []),
          '-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '64k', '-application', 'lowdelay',
          '-f', 'rtp', '-ssrc', String(o.audio.ssrc), '-payload_type', String(o.audio.payloadType),
        ],
      },
    ],
  };
}
