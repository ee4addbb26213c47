import { diskState, type DiskState } from '../../media/recording/disk-space.js';
import type { SessionId } from '../core/ids.js';

/** A recording stopped because its disk is full, waiting for space (for the studio, the console and the log). */
export type RecordingAlert = {
  code: 'disk_full';
  sessionId: SessionId;
  message: string;
  freeBytes: number;
  minFreeBytes: number;
  /** When the recording stopped (ISO time). */
  since: string;
};

/**
 * Free space needed to resume, as a multiple of the floor: a recording that starts again at exactly the floor
 * would stop again with its first segments.
 */
const resumeFactor = 1.5;

/**
 * The sessions whose recording waits for disk space, and the one timer that looks for it: every `pollMs`
 * while any waits, `onRoom` gets the alerts of the sessions to resume once the disk has room again.
 */
export class RecordingDiskWait {
  readonly #waiting = new Map<SessionId, RecordingAlert>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dir: string,
    private readonly minFreeBytes: number,
    private readonly pollMs: number,
    private readonly onRoom: (alerts: RecordingAlert[]) => void,
  ) {}

  get disk(): DiskState {
    return diskState(this.dir, this.minFreeBytes);
  }

  /** Whether a recording may start again: free space at least half again the floor. */
  hasRoom(): boolean {
    return diskState(this.dir, this.minFreeBytes * resumeFactor).ok;
  }

  has(sessionId: SessionId): boolean {
    return this.#waiting.has(sessionId);
  }

  /** The alerts now raised, oldest first. */
  get alerts(): RecordingAlert[] {
    return [...this.#waiting.values()];
  }

  /** Starts waiting for `sessionId` (once); returns the alert if it was not waiting yet. */
  add(sessionId: SessionId): RecordingAlert | null {
    if (this.#waiting.has(sessionId)) return null;
    const { freeBytes } = this.disk;
    const alert: RecordingAlert = {
      code: 'disk_full',
      sessionId,
      message: `Recording of session ${sessionId} stopped: the disk is full (${Math.round(freeBytes / 1e6)} MB free, ${Math.round(this.minFreeBytes / 1e6)} MB needed). The live stream continues; what was recorded so far is kept, and recording resumes by itself when space is freed.`,
      freeBytes,
      minFreeBytes: this.minFreeBytes,
      since: new Date().toISOString(),
    };
    this.#waiting.set(sessionId, alert);
    this.#timer ??= setInterval(() => this.#poll(), this.pollMs);
    this.#timer.unref();
    return alert;
  }

  /** Stops waiting for `sessionId`; returns its alert if it was waiting. */
  delete(sessionId: SessionId): RecordingAlert | undefined {
    const alert = this.#waiting.get(sessionId);
    this.#waiting.delete(sessionId);
    if (this.#waiting.size === 0) this.stop();
    return alert;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #poll(): void {
    if (this.#waiting.size === 0 || !this.hasRoom()) return;
    const ready = [...this.#waiting.values()];
    this.#waiting.clear();
    this.stop();
    this.onRoom(ready);
  }
}
