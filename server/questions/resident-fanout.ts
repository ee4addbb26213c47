import type { ResidentEvent } from './questions.contract.js';

/** Sends one event, or several as one message, to everyone watching a session. */
export type Send = (sessionId: number, events: ResidentEvent[]) => void;

/**
 * Coalesces the residents' feed per session. Sending to a thousand sockets costs a thousand writes per
 * event, so when events come fast (a moderator clearing a queue, a burst of votes) the ones within
 * `windowMs` of the last send go out together at the end of the window. A quiet session's event goes out
 * at once: the added delay is at most `windowMs`, and only when the session is busy.
 */
export class ResidentFanout {
  private readonly pending = new Map<number, { events: ResidentEvent[]; timer: NodeJS.Timeout | null; lastSent: number }>();

  constructor(
    private readonly send: Send,
    private readonly windowMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(sessionId: number, event: ResidentEvent): void {
    const entry = this.pending.get(sessionId) ?? { events: [], timer: null, lastSent: -Infinity };
    this.pending.set(sessionId, entry);
    entry.events.push(event);
    if (entry.timer) return;
    const wait = entry.lastSent + this.windowMs - this.now();
    if (wait <= 0) this.flush(sessionId);
    else entry.timer = setTimeout(() => this.flush(sessionId), wait);
  }

  /** Sends what waits for `sessionId` now; forgets sessions gone quiet. */
  flush(sessionId: number): void {
    const entry = this.pending.get(sessionId);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.events.length === 0) {
      this.pending.delete(sessionId);
      return;
    }
    const events = entry.events;
    entry.events = [];
    entry.lastSent = this.now();
    this.send(sessionId, events);
    // Remember the send for one window, so a quick next event is coalesced; then drop the entry.
    entry.timer = setTimeout(() => this.flush(sessionId), this.windowMs);
    entry.timer.unref();
  }

  close(): void {
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
    this.pending.clear();
  }
}
