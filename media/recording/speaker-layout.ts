import type { Logger } from '../logger.js';
import { layoutCommands, speakerOrder } from '../ffmpeg/record-args.js';

/**
 * Which video the recording shows large (speaker layout). A new active speaker is shown once they have held
 * the floor for `holdMs` (so a cough does not flip the picture); the running encoder is told by filter
 * commands, so ffmpeg is not restarted and the recording is not cut.
 */
export class SpeakerLayout {
  private speaker: string | null = null;
  private pending: { producerId: string; timer: NodeJS.Timeout } | null = null;
  /** The running graph's videos in input order; empty when its layout cannot switch at run time. */
  private runVideos: string[] = [];

  constructor(
    private readonly holdMs: number,
    private readonly send: (commands: string[]) => void,
    private readonly log: Logger,
  ) {}

  /** The video producer shown large, or null (the first video). */
  get current(): string | null {
    return this.speaker;
  }

  /** The active speaker changed to the one sending this video; false when that one is already waiting. */
  propose(producerId: string): boolean {
    if (this.pending?.producerId === producerId) return false;
    this.cancel();
    if (producerId === this.speaker) return true;
    const timer = setTimeout(() => {
      this.pending = null;
      this.speaker = producerId;
      this.log.debug({ producerId }, 'active speaker shown large');
      this.push();
    }, this.holdMs);
    this.pending = { producerId, timer };
    return true;
  }

  /** A new ffmpeg run reads these videos (empty: its layout cannot switch while running). */
  setRunVideos(videos: string[]): void {
    this.runVideos = videos;
  }

  /** Tells the running encoder which video goes in the large cell (a no-op when its layout cannot switch). */
  push(): void {
    const index = this.runVideos.indexOf(this.speaker ?? '');
    if (index < 0) return;
    this.send(layoutCommands(speakerOrder(this.runVideos.length, index)));
  }

  cancel(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }
}
