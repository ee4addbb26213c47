import type { types } from 'mediasoup';
import { MediaError } from './errors.js';

declare const peerBrand: unique symbol;
/** A participant's id in a room (the server uses its socket id). */
export type PeerId = string & { readonly [peerBrand]: 'PeerId' };

/** viewer: receive only (residents); publisher: a broadcast's operator or ingest; participant: a meeting member. */
export type PeerRole = 'viewer' | 'publisher' | 'participant';
export type MediaSource = 'camera' | 'microphone' | 'screen';

export type PeerInfo = { displayName: string; host: boolean };

/**
 * One participant's media objects. A Peer owns its transports, producers and consumers and closes them;
 * it never touches a Router: the Room creates transports on the right router and hands them over.
 */
export class Peer {
  readonly #transports = new Map<string, types.Transport>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  #closed = false;

  constructor(
    readonly id: PeerId,
    readonly role: PeerRole,
    readonly info: PeerInfo,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  get canProduce(): boolean {
    return this.role !== 'viewer';
  }

  get producers(): types.Producer[] {
    return [...this.#producers.values()];
  }

  get consumers(): types.Consumer[] {
    return [...this.#consumers.values()];
  }

  get transports(): types.Transport[] {
    return [...this.#transports.values()];
  }

  addTransport(transport: types.Transport): void {
    this.#assertOpen();
    this.#transports.set(transport.id, transport);
    transport.observer.once('close', () => this.#transports.delete(transport.id));
  }

  addProducer(producer: types.Producer): void {
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => this.#producers.delete(producer.id));
  }

  addConsumer(consumer: types.Consumer): void {
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
  }

  transport(id: string): types.Transport {
    const t = this.#transports.get(id);
    if (!t) throw new MediaError('not_found', `There is no transport ${id} for this connection.`);
    return t;
  }

  producer(id: string): types.Producer {
    const p = this.#producers.get(id);
    if (!p) throw new MediaError('not_found', `There is no producer ${id} of this connection.`);
    return p;
  }

  consumer(id: string): types.Consumer {
    const c = this.#consumers.get(id);
    if (!c) throw new MediaError('not_found', `There is no consumer ${id} of this connection.`);
    return c;
  }

  /** Closing the transports closes every producer and consumer on them. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of this.#transports.values()) transport.close();
    this.#transports.clear();
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaError('conflict', 'This connection has left the room.');
  }
}
