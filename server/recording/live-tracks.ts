import type { types } from 'mediasoup';
import { TrackRecorder, type TrackOf } from '../../media/recording/track-recorder.js';
import type { Logger } from '../core/logger.js';
import type { SessionId } from '../core/ids.js';
import type { RecordingStore } from './recording-store.js';

/**
 * The interpreters' tracks of the sessions being recorded: one TrackRecorder per session, its pieces in the
 * session's recording folder, each placed on the floor recording's timeline by `offsetOf` (the recorder's
 * recorded length, as chapters and caption lines are).
 */
export class LiveTracks {
  private readonly recorders = new Map<SessionId, TrackRecorder>();

  constructor(
    private readonly store: RecordingStore,
    private readonly log: Logger,
    private readonly options: { ffmpegPath?: string },
    private readonly offsetOf: (sessionId: SessionId) => number,
  ) {}

  async add(sessionId: SessionId, router: types.Router, producer: types.Producer, track: TrackOf): Promise<void> {
    let recorder = this.recorders.get(sessionId);
    if (!recorder) {
      recorder = new TrackRecorder({
        outDir: this.store.sessionDir(sessionId),
        log: this.log.child({ sessionId }),
        ffmpegPath: this.options.ffmpegPath,
        offsetSec: () => this.offsetOf(sessionId),
      });
      this.recorders.set(sessionId, recorder);
    }
    await recorder.add(router, producer, track);
  }

  /** The floor recording has a gap (source lost, disk full): the session's pieces end until `resume`. */
  async cut(sessionId: SessionId): Promise<void> {
    await this.recorders.get(sessionId)?.cut();
  }

  async resume(sessionId: SessionId): Promise<void> {
    await this.recorders.get(sessionId)?.resume();
  }

  /** The session's recording stops: its tracks' pieces are closed before the recording is finalized. */
  async stop(sessionId: SessionId): Promise<void> {
    const recorder = this.recorders.get(sessionId);
    this.recorders.delete(sessionId);
    await recorder?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.recorders.keys()].map((id) => this.stop(id)));
  }
}
