import type { Logger } from '../core/logger.js';
import type { SessionId } from '../core/ids.js';
import { RecordingDiskWait, type RecordingAlert } from './recording-disk-wait.js';
import type { RecordingsRepository } from './recordings.repository.js';

type Listeners = {
  /** A recording stopped for lack of disk space: an alarm until `alertCleared`. */
  alert: (alert: RecordingAlert) => void;
  alertCleared: (alert: RecordingAlert) => void;
  /** There is room again for this session's recording (its alarm is already cleared). */
  room: (sessionId: SessionId) => void;
};

/**
 * Why an open recording is not recording right now: its disk is full (it waits for space, with an alarm) or
 * its session's source (studio, encoder) is lost. Keeps the recording's row `interrupted` with that reason,
 * or `recording` again when neither holds.
 */
export class RecordingInterruptions {
  /** Live sessions whose source is gone: their recording is `interrupted`, `source_lost`. */
  private readonly sourceLost = new Set<SessionId>();
  private readonly diskWait: RecordingDiskWait;

  constructor(
    private readonly recordings: Pick<RecordingsRepository, 'findRecording' | 'update'>,
    private readonly log: Logger,
    disk: { dir: string; minFreeBytes: number; pollMs: number },
    private readonly on: Listeners,
  ) {
    this.diskWait = new RecordingDiskWait(disk.dir, disk.minFreeBytes, disk.pollMs, (alerts) => {
      for (const alert of alerts) {
        this.on.alertCleared(alert);
        this.settle(alert.sessionId);
        this.on.room(alert.sessionId);
      }
    });
  }

  /** The alarms raised now, for a studio or console that opens. */
  get alerts(): RecordingAlert[] {
    return this.diskWait.alerts;
  }

  /** The recordings disk: free space against RECORDING_MIN_FREE_MB (for /api/health). */
  get disk() {
    return this.diskWait.disk;
  }

  sourceGone(sessionId: SessionId): void {
    this.sourceLost.add(sessionId);
    this.settle(sessionId);
  }

  sourceBack(sessionId: SessionId): void {
    this.sourceLost.delete(sessionId);
    this.settle(sessionId);
  }

  /** Whether a recording that stopped for lack of space must wait longer before it starts again. */
  mustWaitForDisk(sessionId: SessionId, stoppedForDisk: boolean): boolean {
    return this.diskWait.has(sessionId) || (stoppedForDisk && !this.diskWait.hasRoom());
  }

  /** The recording stops for lack of space: `interrupted` (`disk_full`), an alarm raised, free space watched. */
  waitForDisk(sessionId: SessionId): void {
    const alert = this.diskWait.add(sessionId);
    this.settle(sessionId);
    if (alert) this.on.alert(alert);
  }

  /** The session ended: nothing waits for it any more. */
  ended(sessionId: SessionId): void {
    this.sourceLost.delete(sessionId);
    const alert = this.diskWait.delete(sessionId);
    if (alert) this.on.alertCleared(alert);
  }

  stop(): void {
    this.diskWait.stop();
  }

  /** Brings the open recording's row in line with why it is not recording: disk full, source lost, or neither. */
  settle(sessionId: SessionId): void {
    const rec = this.recordings.findRecording(sessionId);
    if (!rec) return;
    const reason = this.diskWait.has(sessionId) ? 'disk_full' : this.sourceLost.has(sessionId) ? 'source_lost' : null;
    const status = reason ? 'interrupted' : 'recording';
    if (rec.status === status && rec.reason === reason) return;
    this.recordings.update(rec.id, { status, reason });
    this.log.info({ sessionId, recordingId: rec.id, status, reason }, reason ? 'recording interrupted' : 'recording continues');
  }
}
