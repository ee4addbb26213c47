import { heard, receives, type AudioChoiceValue } from './audio-choice';
import type { SfuClient } from './sfu-client.svelte';

/**
 * The resident's audio choice and sign-language picture switch, kept across rejoins and a new client (the
 * player may start WebRTC afresh). Live, it pauses, on the server too, what is not heard or shown, so the
 * floor audio stops arriving while an interpretation plays; a recording's player passes no client.
 */
export class TrackChoice {
  #audio = $state<AudioChoiceValue>('floor');
  #signOn = $state(false);

  constructor(client?: () => SfuClient) {
    if (!client) return;
    $effect(() => {
      const c = client();
      const choice = heard(this.#audio, c.remote);
      for (const r of c.remote) void c.setReceiving(r, receives(r, choice, this.#signOn));
    });
  }

  /** What the resident picked (it may not be on air just now). */
  get audio(): AudioChoiceValue {
    return this.#audio;
  }
  get signOn(): boolean {
    return this.#signOn;
  }
  choose(audio: AudioChoiceValue): void {
    this.#audio = audio;
  }
  toggleSign(): void {
    this.#signOn = !this.#signOn;
  }
}
