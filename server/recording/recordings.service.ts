import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import { sourcePlaylist, startRecording, type Recorder } from '../../media/recording/recorder.js';
import type { Logger } from '../core/logger.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { RecordingAlert } from './recording-disk-wait.js';
import { RecordingInterruptions } from './recording-interruptions.js';
import { KeyedQueue } from './keyed-queue.js';
import { RecordingLadder } from './recording-ladder.js';
import { LocalDiskStore, type RecordingStore } from './recording-store.js';
import { recordedSoFar } from './recorded-so-far.js';
import { LiveTracks } from './live-tracks.js';
import type { TrackOf } from '../../media/recording/track-recorder.js';

export type { RecordingAlert } from './recording-disk-wait.js';
export { ladderJob } from './recording-ladder.js';

import type { RecordingEvents, RecordingsOptions, RecordingsRepos, StartOptions } from './recordings.types.js';

export type { RecordingsOptions, RecordingsRepos } from './recordings.types.js';

/**
 * Reacts to sessions going live and ending: starts a Recorder on the session's router, finalizes the
 * recording when the session ends and queues its ABR ladder. Meetings are recorded only on request.
 */
export class RecordingsService extends EventEmitter<RecordingEvents> {
  private readonly active = new Map<SessionId, { recorder: Recorder; recordingId: RecordingId }>();
  private readonly starting = new Map<SessionId, Promise<RecordingId | null>>();
  /** A meeting host's start/stop requests, one after another per meeting. */
  private readonly hostRequests = new KeyedQueue<SessionId>();
  private readonly interruptions: RecordingInterruptions;
  private readonly ladder: RecordingLadder;
  private readonly tracks: LiveTracks;
  readonly store: RecordingStore;

  constructor(
    private readonly repos: RecordingsRepos,
    jobs: JobsService,
    private readonly log: Logger,
    private readonly options: RecordingsOptions,
  ) {
    super();
    this.store = 'store' in options ? options.store : new LocalDiskStore(options.recordingsDir);
    this.ladder = new RecordingLadder(repos, jobs, this.store, log, options, {
      finalized: (info) => this.emit('finalized', info),
      ready: (info) => this.emit('ready', info),
    });
    this.tracks = new LiveTracks(this.store, log, options, (id) => this.offsetOf(id) ?? 0);
    const disk = { dir: this.store.root, minFreeBytes: options.minFreeBytes ?? 0, pollMs: options.diskPollMs ?? 2000 };
    this.interruptions = new RecordingInterruptions(repos.recordings, log, disk, {
      alert: (alert) => this.emit('alert', alert),
      alertCleared: (alert) => this.emit('alertCleared', alert),
      room: (sessionId) => void this.resumeAfterDisk(sessionId),
    });
  }

  /**
   * After a restart: recordings of sessions that are still live wait for their source to resume them (or for
   * disk space, if that is what stopped them); recordings of sessions that ended while the server was down are
   * finalized and laddered now.
   */
  recoverAfterRestart(): void {
    const open = [...this.repos.recordings.listByStatus('recording'), ...this.repos.recordings.listByStatus('interrupted')];
    for (const rec of open) {
      const session = this.repos.sessions.get(rec.sessionId);
      if (session?.status !== 'live') {
        this.ladder.finalize(rec);
      } else if (rec.reason === 'disk_full') {
        this.interruptions.waitForDisk(rec.sessionId);
      } else {
        this.log.warn({ sessionId: rec.sessionId, recordingId: rec.id }, 'live session found; recording resumes when media returns');
      }
    }
  }

  /** The alarms raised now (a recording waiting for disk space), for a studio or console that opens. */
  get alerts(): RecordingAlert[] {
    return this.interruptions.alerts;
  }

  /** The recordings disk: free space against RECORDING_MIN_FREE_MB (for /api/health). */
  get disk() {
    return this.interruptions.disk;
  }

  /** The live session's source is gone: its recording is `interrupted` (`source_lost`) until it returns. */
  onSourceLost(sessionId: SessionId): void {
    this.interruptions.sourceGone(sessionId);
    this.tracks.cut(sessionId).catch((err: unknown) => this.log.error({ err, sessionId }, 'interpreter tracks not cut'));
  }

  /** The source is back; the recorder picks up its producers (`onProducerAdded`) in the same recording. */
  onSourceBack(sessionId: SessionId): void {
    this.interruptions.sourceBack(sessionId);
    this.tracks.resume(sessionId).catch((err: unknown) => this.log.error({ err, sessionId }, 'interpreter tracks not resumed'));
  }

  /**
   * The session is on air with these producers. Public council sessions are recorded; meetings only when
   * their host asked (`record: true`). A recording left by an earlier process is resumed, gap marked.
   */
  onSessionLive(
    sessionId: SessionId,
    router: types.Router,
    producers: types.Producer[],
    options: StartOptions = {},
  ): Promise<RecordingId | null> {
    const pending = this.starting.get(sessionId);
    if (pending) return pending;
    const start = this.start(sessionId, router, producers, options).finally(() => this.starting.delete(sessionId));
    this.starting.set(sessionId, start);
    return start;
  }

  /** A producer joined a recorded session (second camera, screen, a meeting participant, the source back). */
  async addProducer(sessionId: SessionId, producer: types.Producer, router?: types.Router): Promise<void> {
    await this.starting.get(sessionId);
    await this.active.get(sessionId)?.recorder.addProducer(producer, router);
  }

  /**
   * A producer appeared in a session's room. Added to a running recording; or it starts one for a live
   * council session that went live before it had media, or resumes one left by a restart (meetings too,
   * since their host had chosen to record).
   */
  async onProducerAdded(sessionId: SessionId, router: types.Router, producer: types.Producer, all: () => types.Producer[]): Promise<void> {
    await this.starting.get(sessionId);
    if (this.active.has(sessionId)) return this.addProducer(sessionId, producer, router);
    const session = this.repos.sessions.get(sessionId);
    if (session?.status !== 'live') return;
    const rec = this.repos.recordings.findRecording(sessionId);
    const resumable = rec !== undefined && !this.repos.recordings.hostStopped(sessionId);
    if (session.kind === 'council' || resumable) await this.onSessionLive(sessionId, router, all(), { record: resumable || undefined });
  }

  /** An interpreter's producer in a session: recorded as its track while the floor is recorded (issue 16). */
  async onTrackProducer(sessionId: SessionId, router: types.Router, producer: types.Producer, track: TrackOf): Promise<void> {
    await this.starting.get(sessionId);
    if (this.active.has(sessionId)) await this.tracks.add(sessionId, router, producer, track);
  }

  /** Whether the session is being recorded right now (or its recorder is starting). */
  isRecording(sessionId: SessionId): boolean {
    return this.active.has(sessionId) || this.starting.has(sessionId);
  }

  /**
   * The meeting's host starts or stops its recording. Stopping keeps the recording open: starting again
   * continues it after a marked gap, and the meeting's end finalizes it. Returns whether it now records.
   */
  setMeetingRecording(sessionId: SessionId, media: { router: types.Router; producers: types.Producer[] }, record: boolean, by: string): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      if (record === this.isRecording(sessionId)) return record;
      const open = this.repos.recordings.findRecording(sessionId);
      if (record) {
        if (open) this.repos.recordings.setHostStoppedBy(open.id, null);
        await this.onSessionLive(sessionId, media.router, media.producers, { record: true });
      } else {
        const entry = this.active.get(sessionId);
        this.active.delete(sessionId);
        const stopped = entry?.recordingId ?? open?.id;
        if (stopped !== undefined) this.repos.recordings.setHostStoppedBy(stopped, by);
        await entry?.recorder.stop();
      }
      const recording = this.isRecording(sessionId);
      this.log.info({ sessionId, recording, by }, recording ? 'meeting recording started by its host' : 'meeting recording stopped by its host');
      this.emit('meetingRecording', { sessionId, recording, by });
      return recording;
    };
    return this.hostRequests.run(sessionId, run);
  }

  /** The room's active speaker changed to the one sending this video: the recording shows them large. */
  onActiveSpeaker(sessionId: SessionId, videoProducerId: string): void {
    this.active.get(sessionId)?.recorder.setActiveVideo(videoProducerId);
  }

  /**
   * Seconds into the recording now (where a chapter, caption line or answered question goes). In a gap (disk
   * full, a restart, a paused meeting) the length recorded so far, not the wall clock: the recording has no gap.
   */
  offsetOf(sessionId: SessionId): number | null {
    const running = this.active.get(sessionId)?.recorder.recordedSec;
    if (running !== undefined) return running;
    const rec = this.repos.recordings.findRecording(sessionId);
    if (!rec || (rec.status !== 'recording' && rec.status !== 'interrupted')) return null;
    // No playlist here (its recorder has not written one, or runs elsewhere): the wall clock since it started.
    return recordedSoFar(this.store, rec.hlsPath) ?? rec.durationSec ?? Math.max(0, (Date.now() - Date.parse(rec.startedAt)) / 1000);
  }

  /** The session ended: finalize the playlist (VOD at once) and queue the ladder. */
  async onSessionEnded(sessionId: SessionId): Promise<void> {
    this.interruptions.ended(sessionId);
    await this.starting.get(sessionId);
    const entry = this.active.get(sessionId);
    if (entry) {
      this.active.delete(sessionId);
      await entry.recorder.stop();
    }
    await this.tracks.stop(sessionId);
    const rec = this.repos.recordings.findRecording(sessionId);
    if (rec) this.ladder.finalize(rec);
  }

  /**
   * Shutdown: stop every recorder so its playlist is complete and playable. Rows of sessions still live
   * stay `recording`, so the next start resumes them.
   */
  async stop(): Promise<void> {
    this.interruptions.stop();
    await Promise.allSettled([...this.starting.values()]);
    const entries = [...this.active.values()];
    this.active.clear();
    await Promise.allSettled([...entries.map((e) => e.recorder.stop()), this.tracks.stopAll()]);
  }

  private async start(
    sessionId: SessionId,
    router: types.Router,
    producers: types.Producer[],
    options: StartOptions,
  ): Promise<RecordingId | null> {
    if (this.active.has(sessionId)) return this.active.get(sessionId)!.recordingId;
    const session = this.repos.sessions.get(sessionId);
    if (!session) return null;
    if (session.kind === 'meeting' && options.record !== true) return null;
    const existing = this.repos.recordings.findRecording(sessionId);
    // Stopped for lack of space: it resumes when the disk has room again (see resumeAfterDisk), not before.
    if (this.interruptions.mustWaitForDisk(sessionId, existing?.reason === 'disk_full')) {
      this.interruptions.waitForDisk(sessionId);
      return null;
    }
    const log = this.log.child({ sessionId });
    const recorder = await startRecording({
      router,
      producers,
      outDir: this.store.sessionDir(sessionId),
      log,
      ffmpegPath: this.options.ffmpegPath,
      minFreeBytes: this.options.minFreeBytes,
      segmentSeconds: this.options.segmentSeconds,
      resume: existing !== undefined,
    });
    const recording =
      existing ??
      this.repos.recordings.create({
        sessionId,
        status: 'recording',
        durationSec: null,
        startedAt: new Date().toISOString(),
        hlsPath: this.store.relative(sessionId, sourcePlaylist),
        posterPath: null,
      });
    const recordingId = recording.id;
    this.active.set(sessionId, { recorder, recordingId });
    // After a gap (the disk was full) the interpreters on air go on in new pieces from here.
    void this.tracks.resume(sessionId).catch((err: unknown) => log.error({ err }, 'interpreter tracks not resumed'));
    this.interruptions.settle(sessionId);
    recorder.on('restarted', (info) => {
      if (info.reason !== 'resumed') return;
      if (options.afterDiskFull) log.warn({ recordingId, gapSec: info.gapSec }, 'recording resumed: disk space is back; gap marked');
      else log.warn({ recordingId, gapSec: info.gapSec }, 'recording resumed after a restart; gap marked');
    });
    recorder.on('diskFull', ({ freeBytes }) => log.error({ recordingId, freeBytes, alert: 'disk_full' }, 'recording stopped: disk full'));
    recorder.on('ended', (end) => {
      if (end.reason !== 'diskFull') return;
      // The live stream goes on without a recorder; the part recorded is closed (plays as VOD) and kept, and the
      // same recording resumes after a marked gap once there is room again.
      if (this.active.get(sessionId)?.recorder === recorder) this.active.delete(sessionId);
      this.repos.recordings.update(recordingId, { durationSec: end.durationSec });
      this.interruptions.waitForDisk(sessionId);
      void this.tracks.cut(sessionId).catch((err: unknown) => log.error({ err }, 'interpreter tracks not cut'));
      this.emit('finalized', { sessionId, recordingId, durationSec: end.durationSec });
      if (session.kind === 'meeting') this.emit('meetingRecording', { sessionId, recording: false, by: null });
    });
    log.info({ recordingId, resumed: existing !== undefined }, 'recording');
    if (options.afterDiskFull && session.kind === 'meeting') this.emit('meetingRecording', { sessionId, recording: true, by: null });
    return recordingId;
  }

  /** There is room again: the same recording continues on the session's media, after a marked gap. */
  private async resumeAfterDisk(sessionId: SessionId): Promise<void> {
    const session = this.repos.sessions.get(sessionId);
    const media = this.options.mediaOf?.(sessionId);
    if (session?.status !== 'live' || !media || media.producers.length === 0 || this.repos.recordings.hostStopped(sessionId)) return;
    this.log.info({ sessionId }, 'disk space is back; recording resumes');
    await this.onSessionLive(sessionId, media.router, media.producers, { record: true, afterDiskFull: true }).catch((err: unknown) =>
      this.log.error({ err, sessionId }, 'recording did not resume'),
    );
  }
}
