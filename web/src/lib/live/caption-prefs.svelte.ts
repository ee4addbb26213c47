export const captionSizes = ['small', 'medium', 'large'] as const;
export type CaptionSize = (typeof captionSizes)[number];

const storageKey = 'nist.captions';

/**
 * The resident's caption choices, kept in localStorage for every live page: on (the default) or off, and a
 * size. Where storage is off, they last for this visit.
 */
export class CaptionPrefs {
  #on = $state(true);
  #size = $state<CaptionSize>('medium');

  constructor() {
    try {
      const saved: unknown = JSON.parse(window.localStorage.getItem(storageKey) ?? 'null');
      if (saved && typeof saved === 'object') {
        const { on, size } = saved as { on?: unknown; size?: unknown };
        if (typeof on === 'boolean') this.#on = on;
        if (captionSizes.includes(size as CaptionSize)) this.#size = size as CaptionSize;
      }
    } catch {
      // No storage or a broken entry: the defaults.
    }
  }

  get on(): boolean {
    return this.#on;
  }

  get size(): CaptionSize {
    return this.#size;
  }

  toggle(): void {
    this.#on = !this.#on;
    this.#save();
  }

  setSize(size: CaptionSize): void {
    this.#size = size;
    this.#save();
  }

  #save(): void {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ on: this.#on, size: this.#size }));
    } catch {
      // Storage off: kept for this visit only.
    }
  }
}
