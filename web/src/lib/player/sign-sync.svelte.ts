import { mainClock, signStep } from './sign-sync';

const followed = ['play', 'pause', 'seeking', 'seeked', 'ratechange', 'waiting', 'playing', 'canplay'] as const;

/** Runs signStep on the two elements: at each event of the main video and every quarter second. */
export class SignSync {
  #hidden = $state(false);

  /** The main video waits (seeking, buffering): the picture is out of sight. */
  get hidden(): boolean {
    return this.#hidden;
  }

  /** Follows `main` with `sign` until the returned stop. */
  start(main: HTMLMediaElement, sign: HTMLMediaElement): () => void {
    const tick = () => {
      const step = signStep(mainClock(main), { time: sign.currentTime, seeking: sign.seeking });
      this.#hidden = step.hidden;
      if (step.seekTo !== null) sign.currentTime = step.seekTo;
      if (Math.abs(sign.playbackRate - step.rate) > 0.001) sign.playbackRate = step.rate;
      if (step.play && sign.paused) void sign.play().catch(() => undefined);
      else if (!step.play && !sign.paused) sign.pause();
    };
    for (const e of followed) main.addEventListener(e, tick);
    const timer = setInterval(tick, 250);
    tick();
    return () => {
      clearInterval(timer);
      for (const e of followed) main.removeEventListener(e, tick);
    };
  }
}
