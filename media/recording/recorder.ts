import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { recordArgs, switchesAtRunTime } from '../ffmpeg/record-args.js';
import { FfmpegProcess, type FfmpegExit } from '../ffmpeg/process.js';
import { MergedPlaylist, type Segment } from './hls-playlist.js';
import type { RecorderEvents, RecordingEnd, StartRecordingOptions } from './recorder-types.js';
import { lastRun, readRunSegments } from './run-playlists.js';
import { DiskGuard } from './disk-guard.js';
import { RecorderInput } from './recorder-input.js';
import { buildSdp } from './sdp.js';
import { SpeakerLayout } from './speaker-layout.js';
import { waitUntilBound } from './udp-ports.js';

export type { RecorderEvents, RecordingEnd, StartRecordingOptions } from './recorder-types.js';

export const sourcePlaylist = 'source/index.m3u8';

/** Starts recording the producers on `router` to HLS; see Recorder. */
export async function startRecording(o: StartRecordingOptions): Promise<Recorder> {
  const recorder = new Recorder(o);
  await recorder.init();
  return recorder;
}

/**
 * One session's recording: consumers on PlainTransports feed one ffmpeg that writes HLS. A dead ffmpeg is
 * restarted and the playlist continues after a discontinuity; each run's finished segments are merged
 * into `source/index.m3u8` (an EVENT playlist that keeps every segment, so viewers can rewind to the start).
 */
export class Recorder extends EventEmitter<RecorderEvents> {
  private readonly dir: string;
  private readonly segmentSeconds: number;
  private readonly log: Logger;
  private readonly inputs: RecorderInput[] = [];
  private merged!: MergedPlaylist;
  private proc: FfmpegProcess | null = null;
  private run = -1;
  private state: 'recording' | 'stopping' | 'ended' = 'recording';
  private timers: NodeJS.Timeout[] = [];
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly disk: DiskGuard;
  private lastSegmentAt = Date.now();
  private endResult: Promise<RecordingEnd> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly layout: SpeakerLayout;
  /** The producers the running ffmpeg reads, and a pending check after a pause or resume. */
  private runInputs: string[] = [];
  private flowTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: StartRecordingOptions) {
    super();
    this.dir = path.join(o.outDir, 'source');
    this.segmentSeconds = o.segmentSeconds ?? 2;
    this.log = o.log.child({ component: 'recorder' });
    this.disk = new DiskGuard(this.dir, o.minFreeBytes ?? 0);
    this.layout = new SpeakerLayout(o.speakerHoldMs ?? 2000, (commands) => this.proc?.running && this.proc.sendFilterCommands(commands), this.log);
  }

  async init(): Promise<void> {
    fs.mkdirSync(this.dir, { recursive: true });
    const index = path.join(this.o.outDir, sourcePlaylist);
    const resumed = this.o.resume === true && fs.existsSync(index);
    this.merged = resumed ? MergedPlaylist.resume(index) : new MergedPlaylist(index);
    this.run = resumed ? lastRun(this.dir) : -1;
    for (const p of this.o.producers) await this.attach(p, this.o.router);
    this.merged.write(false);
    await this.startRun(resumed ? 'resumed' : null);
    this.timers.push(setInterval(() => this.collect(this.run), 250));
    this.timers.push(setInterval(() => this.requestKeyFrames(), this.segmentSeconds * 1000));
    this.timers.push(setInterval(() => this.checkDisk(), 1000));
  }

  /**
   * Seconds recorded so far (the media offset for chapters, caption lines, answered questions and interpreters'
   * pieces). Between runs (the source lost, a restart) nothing is written: the next run starts right after the
   * last segment.
   */
  get recordedSec(): number {
    if (!this.proc?.running) return this.merged.durationSec;
    return this.merged.durationSec + Math.min((Date.now() - this.lastSegmentAt) / 1000, this.segmentSeconds * 2);
  }

  get playlistPath(): string {
    return path.join(this.o.outDir, sourcePlaylist);
  }

  /**
   * Adds a producer (second camera, screen, a participant, or the source back after it was lost); ffmpeg
   * restarts with the new composition. `router` is the one the producer lives on: a room that emptied and
   * opened again has a new one.
   */
  addProducer(producer: types.Producer, router: types.Router = this.o.router): Promise<void> {
    return this.serial(async () => {
      if (this.state !== 'recording' || this.inputs.some((i) => i.producer.id === producer.id)) return;
      await this.attach(producer, router);
      await this.restart('producers');
    });
  }

  /** The active speaker changed to the one sending this video: shown large once they hold the floor (SpeakerLayout). */
  setActiveVideo(producerId: string): void {
    if (this.state !== 'recording') return;
    if (this.layout.propose(producerId) && this.flowTimer) clearTimeout(this.flowTimer);
  }

  /** The video producer the layout shows large, or null (the first video). */
  get activeVideo(): string | null {
    return this.layout.current;
  }

  /** Finalizes the playlist (plays as VOD at once) and releases the consumers. Idempotent. */
  stop(): Promise<RecordingEnd> {
    return (this.endResult ??= this.serial(() => this.finish('stopped')));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    const settled = () => undefined;
    this.queue = next.then(settled, settled);
    return next;
  }

  private async attach(producer: types.Producer, router: types.Router): Promise<void> {
    const input = await RecorderInput.create(router, producer);
    // The producer left, or its router went with a dead worker: record the others (or wait for new ones).
    const drop = () => {
      void this.serial(async () => {
        const i = this.inputs.indexOf(input);
        if (i < 0 || this.state !== 'recording') return;
        this.inputs.splice(i, 1);
        input.close();
        if (this.inputs.length > 0) await this.restart('producers');
        else {
          await this.proc?.stop(2000);
          this.runInputs = [];
        }
      });
    };
    input.watch({ gone: drop, flow: () => this.flowChanged() });
    this.inputs.push(input);
  }

  /**
   * ffmpeg waits for every stream it reads (amix, the layout's frame sync), so one paused producer (a muted
   * microphone, a camera turned off) would hold the whole recording. Only flowing producers are recorded:
   * when that set changes and stays changed for a second, ffmpeg starts again with the new set.
   */
  private flowChanged(): void {
    if (this.flowTimer) clearTimeout(this.flowTimer);
    this.flowTimer = setTimeout(() => {
      this.flowTimer = null;
      void this.serial(async () => {
        const flowing = this.flowing().map((i) => i.producer.id);
        const same = flowing.length === this.runInputs.length && flowing.every((id) => this.runInputs.includes(id));
        if (this.state === 'recording' && !same) await this.restart('producers');
      });
    }, this.o.flowSettleMs ?? 1000);
  }

  private flowing(): RecorderInput[] {
    return this.inputs.filter((i) => !i.producer.paused && !i.closed);
  }

  private async startRun(reason: 'crash' | 'producers' | 'resumed' | null): Promise<void> {
    const flowing = this.flowing();
    if (this.state !== 'recording' || flowing.length === 0) return;
    this.run += 1;
    const run = this.run;
    if (reason) this.merged.markBreak();
    this.lastSegmentAt = Date.now();
    const videos = flowing.filter((i) => i.kind === 'video');
    const audios = flowing.filter((i) => i.kind === 'audio');
    this.runInputs = flowing.map((i) => i.producer.id);
    const sdpPath = path.join(this.dir, `.r${run}.sdp`);
    fs.writeFileSync(sdpPath, buildSdp([...videos, ...audios].map((i) => i.sdpStream)));
    const args = recordArgs({
      sdpPath,
      dir: this.dir,
      run,
      segmentSeconds: this.segmentSeconds,
      videos: videos.map((v) => ({ codec: v.videoCodec })),
      audioCount: audios.length,
      timelineOffsetSec: this.merged.durationSec,
      layout: this.o.layout,
      speaker: Math.max(0, videos.findIndex((v) => v.producer.id === this.layout.current)),
    });
    this.layout.setRunVideos(switchesAtRunTime({ videos, layout: this.o.layout }) ? videos.map((v) => v.producer.id) : []);
    const proc = new FfmpegProcess(args, this.log.child({ run }), this.o.ffmpegPath);
    this.proc = proc;
    proc.on('line', (line) => this.log.debug({ run, line }, 'ffmpeg says'));
    proc.once('exit', (exit) => this.onExit(run, proc, exit));
    proc.start();
    // ffmpeg binds its ports while it opens the SDP; media sent before that is lost, so wait for it.
    await Promise.all(flowing.map((i) => waitUntilBound(i.ports.rtp)));
    await Promise.all(this.inputs.map((i) => i.start()));
    if (reason) {
      const gapSec = reason === 'resumed' ? this.gapSinceLastSegment() : null;
      this.log.warn({ run, reason, gapSec }, 'recording restarted');
      // A resume happens inside startRecording(): emit once the caller has had a chance to listen.
      if (reason === 'resumed') setImmediate(() => this.emit('restarted', { run, reason, gapSec }));
      else this.emit('restarted', { run, reason, gapSec });
    } else {
      this.log.info({ run, videos: videos.length, audios: audios.length }, 'recording started');
    }
  }

  private async restart(reason: 'crash' | 'producers'): Promise<void> {
    const old = this.proc;
    if (old?.running) await old.stop(2000);
    this.collect(this.run);
    this.runInputs = [];
    await this.startRun(reason);
  }

  private onExit(run: number, proc: FfmpegProcess, exit: FfmpegExit): void {
    this.collect(run);
    if (exit.requested || this.state !== 'recording' || proc !== this.proc) return;
    if (exit.noSpace || this.disk.isFull(true)) {
      void this.serial(() => this.finish('diskFull'));
      return;
    }
    this.log.error({ run, code: exit.code, signal: exit.signal, tail: exit.stderrTail.slice(-5) }, 'ffmpeg died; restarting');
    const delay = this.o.restartDelayMs ?? 300;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.serial(() => this.startRun('crash'));
    }, delay);
  }

  /** Merges the run's finished segments into the combined playlist and reports each one. */
  private collect(run: number): void {
    if (run < 0) return;
    const segments = readRunSegments(this.dir, run);
    if (!segments) return;
    let fresh: Segment[];
    try {
      fresh = this.merged.addFrom(segments);
    } catch (error) {
      // Writing the merged playlist failed (disk full): stop here; finish() closes it over what fits.
      this.log.error({ err: error }, 'could not update the playlist');
      if (this.state === 'recording') void this.serial(() => this.finish('diskFull'));
      return;
    }
    if (fresh.length === 0) return;
    this.lastSegmentAt = Date.now();
    for (const f of fresh) this.disk.noteSegment(path.join(this.dir, f.uri));
    const first = this.merged.count - fresh.length;
    fresh.forEach((s, i) => this.emit('segment', { ...s, index: first + i, recordedSec: this.merged.durationSec }));
    this.checkDisk();
  }

  private requestKeyFrames(): void {
    for (const i of this.inputs) void i.requestKeyFrame();
    // Again now and then: a command sent while ffmpeg was still opening its inputs (no graph yet) is lost, and
    // a graph rebuilt because a camera changed resolution starts again from the run's first layout.
    if (this.layout.current !== null) this.layout.push();
  }

  private checkDisk(): void {
    if (this.state === 'recording' && this.disk.isFull()) void this.serial(() => this.finish('diskFull'));
  }

  private async finish(reason: RecordingEnd['reason']): Promise<RecordingEnd> {
    if (this.state === 'ended') return this.endResult!;
    this.state = 'stopping';
    this.timers.forEach(clearInterval);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.layout.cancel();
    if (reason === 'diskFull') {
      // Writing more would fail; keep the finished segments and close the playlist over them.
      this.proc?.kill();
      const free = this.disk.free();
      this.log.error({ freeBytes: free, recordedSec: this.merged.durationSec }, 'disk full: recording stopped');
      this.emit('diskFull', { freeBytes: free, recordedSec: this.merged.durationSec });
    }
    if (this.proc?.running) await this.proc.stop(4000);
    this.collect(this.run);
    this.inputs.forEach((i) => i.close());
    const dropped = this.merged.writeReclaiming(true);
    if (dropped) this.log.error({ dropped }, 'disk full: newest segments given up to close the playlist');
    this.state = 'ended';
    const end: RecordingEnd = {
      reason,
      durationSec: this.merged.durationSec,
      segments: this.merged.count,
      playlist: sourcePlaylist,
    };
    this.log.info(end, 'recording ended');
    this.endResult ??= Promise.resolve(end);
    this.emit('ended', end);
    return end;
  }

  private gapSinceLastSegment(): number | null {
    const last = this.merged.all[this.merged.count - 1];
    if (!last?.programDateTime) return null;
    const end = Date.parse(last.programDateTime) + last.durationSec * 1000;
    return Number.isFinite(end) ? Math.max(0, (Date.now() - end) / 1000) : null;
  }
}
