import { getContext, setContext } from 'svelte';

/**
 * The seam between a page's video player and what follows it (agenda chapters, share links, answered
 * questions): the player attaches its media element; the others read the time and ask to seek.
 */
export class Playback {
  #time = $state(0);
  #attached = $state(false);
  #element: HTMLMediaElement | null = null;
  #pending: number | null = null;

  get currentTime(): number {
    return this.#time;
  }

  get attached(): boolean {
    return this.#attached;
  }

  /** Returns the function that detaches it (call it when the player unmounts). */
  attach(element: HTMLMediaElement, startAt: number | null = null): () => void {
    this.#element = element;
    this.#attached = true;
    this.#pending = startAt;
    const sync = () => (this.#time = element.currentTime);
    const ready = () => {
      if (this.#pending !== null) {
        element.currentTime = this.#pending;
        this.#time = this.#pending;
        this.#pending = null;
      }
    };
    element.addEventListener('timeupdate', sync);
    element.addEventListener('seeked', sync);
    element.addEventListener('loadedmetadata', ready);
    if (element.readyState >= 1) ready();
    return () => {
      element.removeEventListener('timeupdate', sync);
      element.removeEventListener('seeked', sync);
      element.removeEventListener('loadedmetadata', ready);
      if (this.#element === element) {
        this.#element = null;
        this.#attached = false;
      }
    };
  }

  /** Plays from `sec` (a click is a user gesture, so playing with sound is allowed). */
  seek(sec: number): void {
    const element = this.#element;
    this.#time = sec;
    if (!element) return;
    if (element.readyState >= 1) element.currentTime = sec;
    else this.#pending = sec;
    void element.play().catch(() => undefined);
  }
}

const key = Symbol('playback');

export function providePlayback(): Playback {
  return setContext(key, new Playback());
}

export function usePlayback(): Playback | undefined {
  return getContext<Playback | undefined>(key);
}

/** `?t=` in a shared link: seconds (`95`) or `1m35s` / `1h2m3s`. */
export function parseStartTime(raw: string | null): number | null {
  if (!raw) return null;
  if (/^\d{1,6}(\.\d+)?$/.test(raw)) return Number(raw);
  const m = /^(?:(\d{1,3})h)?(?:(\d{1,3})m)?(?:(\d{1,5})s)?$/.exec(raw);
  if (!m || raw === '') return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
