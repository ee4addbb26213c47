import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import { buildIngestArgs, canCopyVideo, type IngestPlan, type SourceInfo } from '../../media/ffmpeg/ingest-args.js';
import { IngestProcess } from '../../media/ingest/ingest-process.js';
import { audioRtpParameters, ingestPayloadTypes } from '../../media/ingest/rtp-parameters.js';
import { prepareVideoFeed, type VideoFeed } from '../../media/ingest/video-feed.js';
import { describeLayers } from '../../media/ingest/video-layers.js';
import { RtmpServer, type RtmpPublish } from '../../media/ingest/rtmp-server.js';
import { probeSource } from '../../media/ffmpeg/probe.js';
import type { PeerId, PeerInfo } from '../../media/sfu/peer.js';
import type { Room } from '../../media/sfu/room.js';
import type { Logger } from '../core/logger.js';
import type { SessionId } from '../core/ids.js';
import type { LiveService } from './live.service.js';
import { bitrateFrom, isRefusal, untilFlowing, type EncoderGate, type EncoderStatus } from './encoder-session.js';

export type { EncoderStatus } from './encoder-session.js';

export type RtmpIngestDeps = {
  /** The session's open room, if any. */
  roomOf: (sessionId: SessionId) => Room | undefined;
  /** Joins the session's broadcast room as its publisher (opening the room if needed). */
  joinAsPublisher: (sessionId: SessionId, peerId: PeerId, info: PeerInfo) => Promise<Room>;
  live: LiveService;
  /** Stream keys and the one-encoder-per-session rule, shared with WHIP. */
  gate: EncoderGate;
  log: Logger;
  ffmpegPath: string;
  ffprobePath: string;
  /** INGEST_SIMULCAST: the encoder's video is also offered at 360p (and 180p from 720p up). */
  simulcast: boolean;
};

type Feed = {
  sessionId: SessionId;
  keyId: number;
  release: () => void;
  publish: RtmpPublish;
  peerId: PeerId;
  ffmpeg: IngestProcess | null;
  video: VideoFeed | null;
  closed: boolean;
  info: SourceInfo | null;
  onAirSince: string | null;
};

/**
 * Encoders on air over RTMP: `rtmp://<host>:<RTMP_PORT>/live/<stream key>`. The key decides the session before
 * any media is read; an accepted publisher is read back on loopback by the same ffmpeg ingest path the CLI
 * uses (H.264 copied without B-frames, else transcoded; AAC to Opus) into PlainTransport producers of the
 * session's room (the video in two or three layers with INGEST_SIMULCAST, see media/ingest/video-feed.ts),
 * and the session goes live as the CLI takes it live. A publisher that drops loses the
 * room's source: the live service's grace rule interrupts the session and its return resumes it.
 */
export class RtmpIngest {
  private readonly feeds = new Map<SessionId, Feed>();
  private readonly log: Logger;

  private constructor(
    private readonly deps: RtmpIngestDeps,
    private readonly server: RtmpServer,
  ) {
    this.log = deps.log;
  }

  static async start(deps: RtmpIngestDeps, options: { bind: string; port: number; storeDir: string }): Promise<RtmpIngest> {
    let ingest: RtmpIngest | undefined;
    const server = await RtmpServer.start({ ...options, log: deps.log, authorize: (p) => ingest?.authorize(p) ?? false });
    ingest = new RtmpIngest(deps, server);
    return ingest;
  }

  get port(): number {
    return this.server.port;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.feeds.values()].map((f) => this.endFeed(f)));
    await this.server.stop();
  }

  /** The session's encoder, or null when none is connected. */
  async status(sessionId: SessionId): Promise<EncoderStatus | null> {
    const feed = this.feeds.get(sessionId);
    if (!feed) return null;
    const bitrate = await bitrateFrom(this.deps.roomOf(sessionId), feed.peerId);
    const v = feed.info?.video;
    return {
      protocol: 'rtmp',
      address: feed.publish.address,
      onAirSince: feed.onAirSince,
      video: v ? { codec: v.codec, profile: v.profile, bFrames: v.hasBFrames, transcoded: !canCopyVideo(feed.info!) } : null,
      audio: feed.info?.audio ? { codec: feed.info.audio.codec } : null,
      bitrateKbps: Math.round(bitrate / 1000),
    };
  }

  /** Synchronous, from the RTMP server's prePublish: true puts the publisher on air. */
  private authorize(publish: RtmpPublish): boolean {
    const found = this.deps.gate.admit({ key: publish.app === 'live' ? publish.name : '', protocol: 'rtmp', address: publish.address });
    if (isRefusal(found)) return false;
    const feed: Feed = { ...found, publish, peerId: `rtmp-${publish.id}` as PeerId, ffmpeg: null, video: null, closed: false, info: null, onAirSince: null };
    this.feeds.set(found.sessionId, feed);
    publish.onClose(() => void this.endFeed(feed));
    // After node-media-server has taken the publisher (prePublish runs inside its publish step).
    setImmediate(() => {
      this.startFeed(feed).catch((err: unknown) => {
        this.log.error({ err, sessionId: feed.sessionId }, 'RTMP source could not go on air');
        publish.close();
        void this.endFeed(feed);
      });
    });
    return true;
  }

  private async startFeed(feed: Feed): Promise<void> {
    const { live } = this.deps;
    const source = this.server.loopbackUrl(feed.publish.app, feed.publish.name);
    const info = await probeSource(source, this.deps.ffprobePath, 15_000);
    feed.info = info;
    if (feed.closed) return;
    const room = await this.deps.joinAsPublisher(feed.sessionId, feed.peerId, { displayName: 'Encoder (RTMP)', host: false });
    if (feed.closed) return void room.leave(feed.peerId);
    const produce = async (kind: 'video' | 'audio', rtpParameters: types.RtpParameters) => {
      const t = await room.createPlainTransport(feed.peerId, { comedia: true });
      await room.produce(feed.peerId, { transportId: t.id, kind, rtpParameters, source: kind === 'video' ? 'camera' : 'microphone' });
      return { ip: t.ip, port: t.port, rtcpPort: t.rtcpPort ?? t.port + 1 };
    };
    // The video as one producer with a layer per SSRC (server-side simulcast) or one stream; audio as before.
    feed.video = info.video ? await prepareVideoFeed(info, this.deps.simulcast, (p) => produce('video', p)) : null;
    const audioSsrc = randomInt(1, 2 ** 31 - 1);
    const audio = info.audio ? { ...(await produce('audio', audioRtpParameters(audioSsrc))), ssrc: audioSsrc, payloadType: ingestPayloadTypes.audio } : null;
    if (feed.closed) {
      feed.video?.close();
      return void room.leave(feed.peerId);
    }
    const plan: IngestPlan = { source, info, loop: false, video: null, audio, ...feed.video?.plan };
    const ffmpeg = new IngestProcess(buildIngestArgs(plan), this.deps.ffmpegPath);
    feed.ffmpeg = ffmpeg;
    const over = (error?: Error) => {
      if (feed.closed) return;
      this.log.warn({ sessionId: feed.sessionId, error: error?.message }, 'RTMP ingest ffmpeg stopped; the encoder is disconnected');
      feed.publish.close();
      void this.endFeed(feed);
    };
    ffmpeg.once('end', () => over());
    ffmpeg.once('error', over);
    await untilFlowing(room, feed.peerId, () => feed.closed);
    if (feed.closed) return;
    live.goLive(feed.sessionId);
    feed.onAirSince = new Date().toISOString();
    const how = info.video ? (canCopyVideo(info) ? 'H.264 copied' : `${info.video.codec} transcoded to H.264`) : 'no video';
    const layers = feed.video ? describeLayers(feed.video.layers, info) : null;
    this.log.info({ sessionId: feed.sessionId, address: feed.publish.address, video: how, layers, audio: info.audio?.codec ?? null }, 'RTMP source on air');
  }

  private async endFeed(feed: Feed): Promise<void> {
    if (feed.closed) return;
    feed.closed = true;
    feed.release();
    if (this.feeds.get(feed.sessionId) === feed) this.feeds.delete(feed.sessionId);
    await feed.ffmpeg?.stop();
    feed.video?.close();
    this.deps.roomOf(feed.sessionId)?.leave(feed.peerId);
    this.log.info({ sessionId: feed.sessionId, address: feed.publish.address }, 'RTMP source off air');
  }
}
