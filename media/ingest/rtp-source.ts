import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { FfmpegProcess, type FfmpegExit } from '../ffmpeg/process.js';
import { rtpSourceArgs, type RtpSourceInput } from '../ffmpeg/rtp-source-args.js';

export type RtpSourceOptions = {
  router: types.Router;
  codec: 'h264' | 'vp8';
  input: RtpSourceInput;
  /** Stop after this many seconds (patterns only); runs until `stop()` otherwise. */
  seconds?: number;
  keyframeSec?: number;
  log: Logger;
  ffmpegPath?: string;
  /** Extra appData for the producers (rooms tag who produced what). */
  appData?: Record<string, unknown>;
};

export type RtpSource = {
  video: types.Producer;
  audio: types.Producer;
  producers: types.Producer[];
  process: FfmpegProcess;
  /** Stops ffmpeg and closes the producers and their transports. */
  stop: () => Promise<FfmpegExit>;
};

const videoCodec = (codec: 'h264' | 'vp8'): types.RtpCodecParameters =>
  codec === 'h264'
    ? {
        mimeType: 'video/H264',
        payloadType: 102,
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
      }
    : { mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 };

const opus: types.RtpCodecParameters = {
  mimeType: 'audio/opus',
  payloadType: 100,
  clockRate: 48000,
  channels: 2,
  parameters: { 'sprop-stereo': 1 },
};

const randomSsrc = () => 100_000_000 + Math.floor(Math.random() * 900_000_000);

/**
 * Puts a file or a generated pattern on a router: ffmpeg sends RTP to two comedia PlainTransports, each
 * with a producer. Used by the broadcast CLI and as the synthetic source in recording tests.
 */
export async function startRtpSource(o: RtpSourceOptions): Promise<RtpSource> {
  const transports: types.PlainTransport[] = [];
  const open = async () => {
    const t = await o.router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
    transports.push(t);
    return t;
  };
  try {
    const [vt, at] = [await open(), await open()];
    const vCodec = videoCodec(o.codec);
    const vSsrc = randomSsrc();
    const aSsrc = randomSsrc();
    const video = await vt.produce({
      kind: 'video',
      rtpParameters: { codecs: [vCodec], encodings: [{ ssrc: vSsrc }] },
      appData: { source: 'rtp', ...o.appData },
    });
    const audio = await at.produce({
      kind: 'audio',
      rtpParameters: { codecs: [opus], encodings: [{ ssrc: aSsrc }] },
      appData: { source: 'rtp', ...o.appData },
    });
    const target = (t: types.PlainTransport, payloadType: number, ssrc: number) => ({
      ip: '127.0.0.1',
      rtpPort: t.tuple.localPort,
      rtcpPort: t.rtcpTuple!.localPort,
      payloadType,
      ssrc,
    });
    const args = rtpSourceArgs({
      input: o.input,
      codec: o.codec,
      video: target(vt, vCodec.payloadType, vSsrc),
      audio: target(at, opus.payloadType, aSsrc),
      seconds: o.seconds,
      keyframeSec: o.keyframeSec,
    });
    const proc = new FfmpegProcess(args, o.log.child({ component: 'rtp-source' }), o.ffmpegPath).start();
    const closeAll = () => transports.forEach((t) => t.close());
    proc.once('exit', (exit) => {
      if (!exit.requested && !exit.ok) o.log.warn({ tail: exit.stderrTail }, 'rtp source ffmpeg ended');
    });
    return {
      video,
      audio,
      producers: [video, audio],
      process: proc,
      stop: async () => {
        const exit = await proc.stop(2000);
        closeAll();
        return exit;
      },
    };
  } catch (error) {
    transports.forEach((t) => t.close());
    throw error;
  }
}
