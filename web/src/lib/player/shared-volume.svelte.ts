/**
 * The resident's volume and mute, one value for the two live pictures (real-time WebRTC and the live HLS), so
 * a switch between them keeps what the resident set on either. A browser that refuses autoplay with sound
 * gets the picture muted, and `blocked` asks the page to offer unmuting.
 */
export class SharedVolume {
  #volume = $state(1);
  #muted = $state(false);
  #blocked = $state(false);

  get volume(): number {
    return this.#volume;
  }
  get muted(): boolean {
    return this.#muted;
  }
  /** Autoplay with sound was refused: the picture plays muted until the resident unmutes. */
  get blocked(): boolean {
    return this.#blocked;
  }

  setVolume(volume: number): void {
    this.#volume = Math.min(1, Math.max(0, volume));
  }

  toggleMute(): void {
    this.#muted = !this.#muted;
    this.#blocked = false;
  }

  /** Gives `media` the shared values; `silent` mutes it regardless (a picture kept behind the other one). */
  apply(media: HTMLMediaElement, silent = false): void {
    media.volume = this.#volume;
    media.muted = this.#muted || silent;
  }

  /**
   * Follows changes made on `media` itself (its own controls, the keyboard) while `ignore()` is false (it is
   * true while the page mutes it on purpose). Returns the unfollow.
   */
  follow(media: HTMLMediaElement, ignore: () => boolean = () => false): () => void {
    const onChange = () => {
      if (ignore()) return;
      this.#volume = media.volume;
      this.#muted = media.muted;
      if (!media.muted) this.#blocked = false;
    };
    media.addEventListener('volumechange', onChange);
    return () => media.removeEventListener('volumechange', onChange);
  }

  /**
   * Plays `media`; where the browser refuses autoplay with sound (NotAllowedError), plays it muted and sets
   * `blocked`. An AbortError is not about sound: a new source replaced the one being started (hls.js attaching
   * its stream, the live picture's audio track joining its video), so that one is played instead.
   */
  play(media: HTMLMediaElement): void {
    media.play().catch((error: unknown) => {
      const name = error instanceof DOMException ? error.name : '';
      if (name === 'AbortError') return this.play(media);
      if (name !== 'NotAllowedError') return;
      media.muted = true;
      this.#muted = true;
      this.#blocked = true;
      void media.play().catch(() => undefined);
    });
  }
}
