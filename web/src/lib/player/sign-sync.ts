/**
 * Keeps the sign-language picture of a recording (its own playlist, on the recording's timeline) with the
 * main video: the same play/pause and rate, hidden and paused while the main video waits, and drift
 * corrected, by a seek when it is large and by running a little faster or slower when it is small (a seek
 * on every small drift would stall the picture each time).
 */

/** Past this drift the picture seeks to the main video's time. */
export const seekDriftSec = 0.3;
/** A paused picture is put on the main video's frame past this (about a frame at 25 fps). */
const pausedDriftSec = 0.04;
/** Below this the picture runs at the main video's rate. */
const deadBandSec = 0.02;
/** At most this much faster or slower while it catches up. */
const maxNudge = 0.1;

export type MainClock = { time: number; paused: boolean; rate: number; waiting: boolean };
export type SignClock = { time: number; seeking: boolean };
export type SignStep = { seekTo: number | null; rate: number; play: boolean; hidden: boolean };

/** What to do to the sign-language picture now, from where both are. */
export function signStep(main: MainClock, sign: SignClock): SignStep {
  if (main.waiting) return { seekTo: null, rate: main.rate, play: false, hidden: true };
  const drift = sign.time - main.time;
  const limit = main.paused ? pausedDriftSec : seekDriftSec;
  if (Math.abs(drift) > limit) return { seekTo: sign.seeking ? null : main.time, rate: main.rate, play: !main.paused, hidden: false };
  const nudge = main.paused || Math.abs(drift) < deadBandSec ? 0 : Math.max(-maxNudge, Math.min(maxNudge, drift));
  return { seekTo: null, rate: main.rate * (1 - nudge), play: !main.paused, hidden: false };
}

/** The main element's clock; waiting: seeking, or playing without the data to go on. */
export function mainClock(media: HTMLMediaElement): MainClock {
  const starved = !media.paused && !media.ended && media.readyState < HTMLMediaElement.HAVE_FUTURE_DATA;
  return { time: media.currentTime, paused: media.paused, rate: media.playbackRate, waiting: media.seeking || starved };
}
