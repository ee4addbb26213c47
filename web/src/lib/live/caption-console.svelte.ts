import type { CaptionLang, SentCue } from '@server/captions/live-captions.contract';
import { correctionWindowMs } from '@server/captions/live-captions.constants';
import { requestAck } from '../socket';
import { CaptionFeed } from './caption-feed.svelte';

export type ConsoleProblem = { code: string; message: string };

/**
 * The captioning console's state: the session's lines (a CaptionFeed), sending a line, and correcting the
 * last one while its 10 s last. The countdown runs on this page's clock from the ack (the server checks the
 * window itself), so a skewed clock never shows time that is not there.
 */
export class CaptionConsole {
  readonly feed: CaptionFeed;
  #sending = $state(false);
  #problem = $state<ConsoleProblem | null>(null);
  #last = $state<{ cue: SentCue; ackedAt: number } | null>(null);
  #now = $state(performance.now());
  #timer: ReturnType<typeof setInterval>;

  constructor(private readonly sessionId: number) {
    this.feed = new CaptionFeed(sessionId);
    this.#timer = setInterval(() => (this.#now = performance.now()), 200);
  }

  get sending(): boolean {
    return this.#sending;
  }

  get problem(): ConsoleProblem | null {
    return this.#problem;
  }

  /** The last line this page sent, while it can still be corrected. */
  get correctable(): SentCue | null {
    return this.secondsLeft > 0 ? (this.#last?.cue ?? null) : null;
  }

  get secondsLeft(): number {
    if (!this.#last) return 0;
    const elapsed = Math.max(0, this.#now - this.#last.ackedAt);
    return Math.max(0, Math.ceil((correctionWindowMs - elapsed) / 1000));
  }

  /** Sends a line; true when the server took it. */
  async send(lang: CaptionLang, text: string): Promise<boolean> {
    return this.#run(async () => {
      const ack = await requestAck(this.feed.socket, 'caption:send', { sessionId: this.sessionId, lang, text });
      if (!ack.ok) return ack.error;
      this.#last = { cue: ack.data, ackedAt: performance.now() };
      return null;
    });
  }

  async correct(text: string): Promise<boolean> {
    const last = this.#last;
    if (!last) return false;
    return this.#run(async () => {
      const ack = await requestAck(this.feed.socket, 'caption:correct', { sessionId: this.sessionId, cueId: last.cue.cueId, text });
      if (!ack.ok) return ack.error;
      this.#last = { cue: ack.data, ackedAt: last.ackedAt };
      return null;
    });
  }

  close(): void {
    clearInterval(this.#timer);
    this.feed.close();
  }

  async #run(act: () => Promise<ConsoleProblem | null>): Promise<boolean> {
    this.#sending = true;
    try {
      this.#problem = await act();
    } catch (error) {
      this.#problem = { code: 'timeout', message: (error as Error).message };
    } finally {
      this.#sending = false;
    }
    return this.#problem === null;
  }
}
