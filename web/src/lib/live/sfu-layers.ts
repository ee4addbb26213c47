/** The spatial layer a new video consumer starts on: the lowest. */
export const startLayer = 0;

/**
 * The simulcast layer of each video consumer a page receives. A new consumer starts on the lowest layer, which
 * comes quickest: a browser's simulcast sends its keyframe when asked, and a server-side simulcast makes one
 * every quarter second on it, even when the source itself (a file, an RTMP encoder) has one only every few seconds and
 * cannot be asked. Once the SFU forwards that layer (`consumer:layers-changed` names one), the consumer is asked
 * for the player's layer (`setCap`), and the SFU switches at that layer's next keyframe: the picture sharpens.
 * Each consumer remembers what it was last asked, so one that arrives while the player's choice changes still
 * gets it (one remembered value for all of them once left a consumer on the layer it was made with).
 */
export class ConsumerLayers {
  #cap = 2;
  /** Consumers on the start layer, not forwarded yet. */
  readonly #waiting = new Set<string>();
  /** A forwarded layer reported before the consumer was added. */
  readonly #early = new Set<string>();
  /** Forwarded consumers: the layer each was last asked for. */
  readonly #asked = new Map<string, number>();

  constructor(private readonly ask: (consumerId: string, spatialLayer: number) => Promise<unknown>) {}

  /** A video consumer made on `startLayer`. */
  added(consumerId: string): void {
    if (this.#early.delete(consumerId)) this.#started(consumerId);
    else this.#waiting.add(consumerId);
  }

  /** The SFU's `consumer:layers-changed`: the first named layer means the consumer's picture is on its way. */
  changed(consumerId: string, spatialLayer: number | null): void {
    if (spatialLayer === null || this.#asked.has(consumerId)) return;
    if (this.#waiting.delete(consumerId)) this.#started(consumerId);
    else this.#early.add(consumerId);
  }

  removed(consumerId: string): void {
    this.#waiting.delete(consumerId);
    this.#early.delete(consumerId);
    this.#asked.delete(consumerId);
  }

  clear(): void {
    this.#waiting.clear();
    this.#early.clear();
    this.#asked.clear();
  }

  /** The layer the player wants (its width, loss): asked of every forwarded consumer that was asked another. */
  async setCap(spatialLayer: number): Promise<void> {
    this.#cap = spatialLayer;
    await Promise.all([...this.#asked.keys()].map((id) => this.#send(id)));
  }

  #started(consumerId: string): void {
    this.#asked.set(consumerId, startLayer);
    void this.#send(consumerId);
  }

  async #send(consumerId: string): Promise<void> {
    const cap = this.#cap;
    if (this.#asked.get(consumerId) === cap) return;
    this.#asked.set(consumerId, cap);
    await this.ask(consumerId, cap).catch(() => undefined);
  }
}
