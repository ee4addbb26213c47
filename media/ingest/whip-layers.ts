import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import { layeredVideoOutputs, type IngestPlan, type SourceInfo } from '../ffmpeg/ingest-args.js';
import { probeSdpVideo } from '../ffmpeg/probe.js';
import { FfmpegProcess } from '../ffmpeg/process.js';
import type { Logger } from '../logger.js';
import { RecorderInput } from '../recording/recorder-input.js';
import { buildSdp } from '../recording/sdp.js';
import { prepareVideoFeed, type ProduceVideo, type VideoFeed } from './video-feed.js';
import type { SsrcLayer } from './video-layers.js';

export type WhipLayersOptions = {
  router: types.Router;
  /** The encoder's single-layer H.264 video, produced unlisted on `router`. */
  source: types.Producer;
  /** Creates the comedia PlainTransport and the offered producer with these parameters; resolves with its address. */
  produce: ProduceVideo;
  ffmpegPath: string;
  ffprobePath: string;
  log: Logger;
};

/** ffmpeg arguments that read the source's RTP (described by an SDP file) and send the feed's layers. */
export function layersArgs(sdpPath: string, info: SourceInfo, feed: VideoFeed): string[] {
  const plan: IngestPlan = { source: sdpPath, info, loop: false, video: null, audio: null, ...feed.plan };
  return [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-protocol_whitelist', 'file,udp,rtp', '-analyzeduration', '1000000', '-reorder_queue_size', '64',
    '-buffer_size', '4194304', '-fflags', '+genpts+discardcorrupt', '-thread_type', 'slice',
    '-f', 'sdp', '-i', sdpPath,
    ...layeredVideoOutputs(plan, plan.videoLayers!),
  ];
}

/**
 * Server-side simulcast for a WHIP encoder that sends one H.264 layer, the RTMP path's (video-feed.ts) fed from
 * RTP: the encoder's producer stays unlisted, a PlainTransport consumer ("tap") sends its RTP to one ffmpeg, which
 * copies it as the source layer and scales it to 360p (and 180p from 720 lines up) from one decode, every layer
 * on one RTCP clock, through the relay into one comedia PlainTransport whose producer (a layer per SSRC, lowest
 * first) is the one residents and the recorder get. The encoder makes keyframes only when asked: viewers'
 * requests come back through the relay and go to the encoder as the tap's, and the transcodes follow the
 * source's keyframes.
 */
export class WhipLayers {
  #closed = false;
  #ffmpeg: FfmpegProcess | null = null;
  #feed: VideoFeed | null = null;
  #timers: NodeJS.Timeout[] = [];
  /** The transcoder's failures in a row (see #transcode). */
  #failures = 0;

  private constructor(
    private readonly o: WhipLayersOptions,
    private readonly tap: RecorderInput,
    private readonly dir: string,
  ) {}

  /** The layers offered, lowest first; set once `run` resolves. */
  layers: SsrcLayer[] = [];

  /** Consumes the source (paused); `run` then offers the layers. Close it whenever the publication ends. */
  static async open(o: WhipLayersOptions): Promise<WhipLayers> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nist-whip-layers-'));
    try {
      return new WhipLayers(o, await RecorderInput.create(o.router, o.source), dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Probes the source's size, produces the offered producer and starts ffmpeg. */
  async run(): Promise<void> {
    const sdpPath = path.join(this.dir, 'source.sdp');
    await writeFile(sdpPath, buildSdp([this.tap.sdpStream]));
    // The size decides the layers: ffprobe reads it from the first keyframe, which the encoder is asked for
    // until it comes (the first may arrive before ffprobe listens).
    await this.tap.start();
    this.#every(500, () => void this.tap.requestKeyFrame());
    const probed = await probeSdpVideo(sdpPath, this.o.ffprobePath).finally(() => this.#stopTimers());
    if (this.#closed) throw new Error('closed while starting');
    // RTP carries no B-frames from a WebRTC encoder: the source is copied.
    const info: SourceInfo = { ...probed, video: { ...probed.video!, codec: 'h264', hasBFrames: false } };
    const feed = await prepareVideoFeed(info, true, this.o.produce, () => void this.tap.requestKeyFrame());
    if (this.#closed) return feed.close();
    this.#feed = feed;
    this.layers = feed.layers;
    this.#transcode(layersArgs(sdpPath, info, feed), this.o.log.child({ component: 'whip-layers' }));
  }

  /**
   * Runs the layers' ffmpeg. One that dies on its own (the picture would stop while the sound stays on air)
   * starts again after half a second on the same ports; after five failures without a minute of running
   * in between, the layers stop with an error in the log.
   */
  #transcode(args: string[], log: Logger): void {
    const startedAt = Date.now();
    const proc = new FfmpegProcess(args, log, this.o.ffmpegPath).start();
    this.#ffmpeg = proc;
    proc.once('exit', (exit) => {
      if (exit.requested || this.#closed) return;
      this.#failures = Date.now() - startedAt > 60_000 ? 1 : this.#failures + 1;
      if (this.#failures > 5) return log.error({ tail: exit.stderrTail }, 'WHIP layer transcoder keeps failing; its layers stop');
      log.warn({ tail: exit.stderrTail, failures: this.#failures }, 'WHIP layer transcoder ended; starting it again');
      this.#timers.push(setTimeout(() => this.#closed || this.#transcode(args, log), 500));
    });
    // ffmpeg listens a moment after it starts, and starts copying at a keyframe: ask for some over its first seconds.
    for (const ms of [300, 1000, 2000, 4000]) this.#timers.push(setTimeout(() => void this.tap.requestKeyFrame(), ms));
  }

  #every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #stopTimers(): void {
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
  }

  /** The ffmpeg's process id while it runs (the bench measures its CPU). */
  get pid(): number | null {
    return this.#ffmpeg?.pid ?? null;
  }

  /** Stops ffmpeg and closes the relay and the tap (the offered producer closes with its peer). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimers();
    this.#feed?.close();
    this.tap.close();
    await this.#ffmpeg?.stop(1000);
    await rm(this.dir, { recursive: true, force: true });
  }
}
