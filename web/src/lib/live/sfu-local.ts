import type { Device, types } from 'mediasoup-client';
import type { MediaSource, TrackClaim } from '@server/live/live.contract';
import { produceTrack } from './sfu-media';
import { request, type SignalingSocket } from './signaling';

type Local = { track: MediaStreamTrack; producer: types.Producer | null; paused: boolean; claim?: TrackClaim };

/**
 * What a page sends, by source (camera, microphone, screen): kept across rejoins and produced again on each new
 * send transport. The client calls it in its queue, so produce and replace never overlap.
 */
export class LocalTracks {
  readonly #local = new Map<MediaSource, Local>();
  #send: { transport: types.Transport; device: Device } | null = null;

  constructor(private readonly socket: SignalingSocket) {}

  get sources(): MediaSource[] {
    return [...this.#local.keys()];
  }

  has(source: MediaSource): boolean {
    return this.#local.has(source);
  }

  producerOf(source: MediaSource): types.Producer | null {
    return this.#local.get(source)?.producer ?? null;
  }

  /** The send transport of the current join (null: none, after a teardown); producers of the old one are gone. */
  useTransport(send: { transport: types.Transport; device: Device } | null): void {
    this.#send = send;
    for (const local of this.#local.values()) local.producer = null;
  }

  /** A new track for `source`: a new producer, or (another camera or microphone) the same one with a new track. */
  async set(source: MediaSource, track: MediaStreamTrack, claim?: TrackClaim): Promise<void> {
    const existing = this.#local.get(source);
    if (!existing) {
      this.#local.set(source, { track, producer: null, paused: false, claim });
      return this.produce(source);
    }
    existing.track = track;
    if (existing.producer && !existing.producer.closed) await existing.producer.replaceTrack({ track });
    else await this.produce(source);
  }

  async produce(source: MediaSource): Promise<void> {
    const local = this.#local.get(source);
    const send = this.#send;
    if (!local || !send || send.transport.closed || local.track.readyState === 'ended') return;
    local.producer = await produceTrack(send.transport, send.device, source, local.track, local.claim);
    if (local.paused) await this.setPaused(source, true);
  }

  async remove(source: MediaSource): Promise<void> {
    const local = this.#local.get(source);
    this.#local.delete(source);
    if (!local?.producer) return;
    local.producer.close();
    await request(this.socket, 'signal:close-producer', { producerId: local.producer.id }).catch(() => undefined);
  }

  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const local = this.#local.get(source);
    if (!local) return;
    local.paused = paused;
    const producer = local.producer;
    if (!producer) return;
    if (paused) producer.pause();
    else producer.resume();
    await request(this.socket, paused ? 'signal:pause-producer' : 'signal:resume-producer', { producerId: producer.id });
  }
}
