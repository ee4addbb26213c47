import type { CaptionCue } from '@server/captions/live-captions.contract';
import { request, socketFor, type NamespaceSocket } from '../socket';

/** How long a line stays on the overlay when no line follows it (the server's rendition uses the same). */
export const lingerMs = 7000;

/**
 * A session's live caption lines over `/captions` on the page's socket: the recent lines on watching (again
 * after a reconnection), then each `caption:cue`; a correction replaces its line in place. Each line keeps
 * when this page got it, so the overlay can take it down.
 */
export class CaptionFeed {
  #lines = $state<(CaptionCue & { receivedAt: number })[]>([]);
  #failed = $state(false);
  #socket: NamespaceSocket<'/captions'>;

  constructor(
    private readonly sessionId: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#socket = socketFor('/captions');
    this.#socket.on('connect', () => void this.#watch());
    this.#socket.on('caption:cue', (cue) => {
      if (cue.sessionId === this.sessionId) this.#take(cue, this.now());
    });
    if (this.#socket.connected) void this.#watch();
  }

  /** Every line this page knows, oldest first. */
  get lines(): readonly (CaptionCue & { receivedAt: number })[] {
    return this.#lines;
  }

  get failed(): boolean {
    return this.#failed;
  }

  get connected(): boolean {
    return this.#socket.connected;
  }

  /** The socket the feed rides on (the captioning console sends on it). */
  get socket(): NamespaceSocket<'/captions'> {
    return this.#socket;
  }

  close(): void {
    this.#socket.disconnect();
  }

  async #watch(): Promise<void> {
    try {
      const { cues } = await request(this.#socket, 'caption:watch', { sessionId: this.sessionId });
      // Lines from before this page: only the newest of each language (no end yet) is still on screen.
      const old = this.now() - lingerMs;
      for (const cue of cues) this.#take(cue, cue.endSec === undefined ? this.now() : old);
      this.#failed = false;
    } catch {
      this.#failed = true;
    }
  }

  #take(cue: CaptionCue, receivedAt: number): void {
    const at = this.#lines.findIndex((l) => l.cueId === cue.cueId);
    if (at >= 0) {
      // A correction keeps the line's place, and puts it back on screen for a full while.
      this.#lines[at] = { ...cue, endSec: cue.endSec ?? this.#lines[at]!.endSec, receivedAt };
      return;
    }
    this.#lines = [...this.#lines, { ...cue, receivedAt }].slice(-200);
  }
}
