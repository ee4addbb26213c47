import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { MediaError, rejectedAs } from './errors.js';
import { Peer, type MediaSource, type PeerId, type PeerInfo, type PeerRole } from './peer.js';
import { consumerInfo, openConsumer, type ConsumeRequest } from './room-consumers.js';
import type {
  ConsumerInfo,
  Layers,
  PeerSummary,
  PlainTransportInfo,
  ProducerInfo,
  RoomCloseReason,
  TrackClaim,
  RoomEvents,
  RoomIdentity,
  RoomKind,
  TransportInfo,
} from './room-types.js';
import { roomKeyOf, trackKey } from './room-types.js';
import { pipeTransportOn, plainTransportOn, webRtcTransportInfo, webRtcTransportOn, type TransportWatch } from './room-transports.js';
import { RouterSet, type PlacedRouter } from './router-set.js';
import { TrackClaims, trackOf } from './track-claims.js';
import { summarizeStats, type PeerStats } from './stats.js';

export type * from './room-types.js';
export type { TransportWatch } from './room-transports.js';
import type { WorkerPool } from './worker-pool.js';

export type RoomOptions<S extends number = number> = RoomIdentity<S> & {
  pool: WorkerPool;
  log: Logger;
  viewersPerRouter: number;
  maxParticipants: number;
  /** Address PlainTransports (ingest, recording, benches) listen on; local processes feed them. */
  plainListenIp?: string;
};

/** A broadcast or meeting room: owns its routers and peers, and answers what peers ask of the media plane. */
export class Room<S extends number = number> extends EventEmitter<RoomEvents> {
  readonly #peers = new Map<PeerId, Peer>();
  readonly #placement = new Map<PeerId, PlacedRouter>();
  readonly #producers = new Map<string, ProducerInfo & { producer: types.Producer }>();
  readonly #claims = new TrackClaims();
  #speakerObserver: types.ActiveSpeakerObserver | undefined;
  #closed = false;

  private constructor(
    private readonly options: RoomOptions<S>,
    private readonly routers: RouterSet,
  ) {
    super();
    routers.on('routerLost', (placed, wasOrigin) => this.#onRouterLost(placed, wasOrigin));
  }

  static async create<S extends number>(options: RoomOptions<S>): Promise<Room<S>> {
    const routers = await RouterSet.create(options.pool, options.viewersPerRouter, options.log);
    const room = new Room<S>(options, routers);
    if (options.kind === 'meeting') {
      const observer = await routers.origin.router.createActiveSpeakerObserver({ interval: 300 });
      observer.on('dominantspeaker', ({ producer }) => {
        const info = room.#producers.get(producer.id);
        if (info) room.emit('dominantSpeaker', info.peerId);
      });
      room.#speakerObserver = observer;
    }
    options.log.info({ room: room.key, kind: options.kind }, 'room opened');
    return room;
  }

  /** The session this room carries. */
  get sessionId(): S {
    return this.options.sessionId;
  }
  get key(): string {
    return roomKeyOf(this.options.sessionId);
  }
  get kind(): RoomKind {
    return this.options.kind;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get rtpCapabilities(): types.RtpCapabilities {
    return this.routers.origin.router.rtpCapabilities;
  }
  /** Where producers live: the recorder consumes from here. */
  get originRouter(): types.Router {
    return this.routers.origin.router;
  }
  get routerCount(): number {
    return this.routers.routers.length;
  }
  get viewerCount(): number {
    return [...this.#peers.values()].filter((p) => p.role === 'viewer').length;
  }
  get peerIds(): PeerId[] {
    return [...this.#peers.keys()];
  }
  producerList(): ProducerInfo[] {
    return [...this.#producers.values()].map(({ producer, ...info }) => ({ ...info, paused: producer.paused }));
  }
  producers(): types.Producer[] {
    return [...this.#producers.values()].map((p) => p.producer);
  }
  /** The session's own producers: what is recorded and what keeps the broadcast on air (not interpreters). */
  floorProducers(): types.Producer[] {
    return [...this.#producers.values()].filter((p) => p.track === 'floor').map((p) => p.producer);
  }
  peerSummaries(): PeerSummary[] {
    return [...this.#peers.values()].map(summary);
  }
  hasPeer(peerId: PeerId): boolean {
    return this.#peers.has(peerId);
  }

  async join(peerId: PeerId, role: PeerRole, info: PeerInfo): Promise<{ producers: ProducerInfo[]; peers: PeerSummary[] }> {
    this.#assertOpen();
    if (this.#peers.has(peerId)) throw new MediaError('conflict', 'This connection is already in the room.');
    if (this.kind === 'meeting' && role !== 'participant') throw new MediaError('forbidden', 'Meetings have participants only.');
    if (this.kind === 'broadcast' && role === 'participant') throw new MediaError('forbidden', 'Broadcasts have publishers and viewers.');
    if (role === 'participant' && this.#peers.size >= this.options.maxParticipants) {
      throw new MediaError('conflict', `The meeting is full (${this.options.maxParticipants} participants).`);
    }
    const placed =
      role === 'viewer' ? await this.routers.placeViewer(() => [...this.#producers.keys()]) : this.routers.origin;
    if (this.#closed) throw new MediaError('unavailable', 'The room closed; join again.');
    const peer = new Peer(peerId, role, info);
    this.#peers.set(peerId, peer);
    this.#placement.set(peerId, placed);
    this.options.log.debug({ room: this.key, peerId, role, workerIndex: placed.worker.index }, 'peer joined');
    this.emit('peerJoined', summary(peer));
    if (role === 'viewer') this.emit('viewersChanged', this.viewerCount);
    return { producers: this.producerList(), peers: this.peerSummaries().filter((p) => p.peerId !== peerId) };
  }

  /** Closes everything the peer owned. The room closes itself when its last peer leaves. */
  leave(peerId: PeerId): void {
    const peer = this.#peers.get(peerId);
    if (!peer) return;
    this.#peers.delete(peerId);
    const placed = this.#placement.get(peerId);
    this.#placement.delete(peerId);
    if (placed && peer.role === 'viewer') this.routers.release(placed);
    peer.close();
    this.emit('peerLeft', peerId);
    if (peer.role === 'viewer') this.emit('viewersChanged', this.viewerCount);
    if (this.#peers.size === 0) this.close('empty');
  }

  /** A WebRTC transport on the peer's router; `watch` hears of a remote end gone without leaving (an encoder's). */
  async createWebRtcTransport(peerId: PeerId, direction: 'send' | 'recv', watch?: TransportWatch): Promise<TransportInfo> {
    const peer = this.#peer(peerId);
    if (direction === 'send' && !peer.canProduce) throw new MediaError('forbidden', 'Viewers can only receive.');
    const transport = await webRtcTransportOn(this.#placement.get(peerId)!, direction, watch);
    peer.addTransport(transport);
    return webRtcTransportInfo(transport);
  }

  /** A PlainTransport on the peer's router: comedia for an ingest encoder, or a recv transport with SRTP. */
  async createPlainTransport(peerId: PeerId, options: { comedia: boolean; enableSrtp?: boolean }): Promise<PlainTransportInfo> {
    const peer = this.#peer(peerId);
    const { transport, info } = await plainTransportOn(this.#placement.get(peerId)!, this.options.plainListenIp ?? '127.0.0.1', options);
    peer.addTransport(transport);
    return info;
  }

  /** A PipeTransport on the peer's router, for a room on another host (see pipeTransportOn). */
  async createPipeTransport(peerId: PeerId, options: { listenIp: string; enableSrtp: boolean }): Promise<PlainTransportInfo> {
    const peer = this.#peer(peerId);
    const { transport, info } = await pipeTransportOn(this.#placement.get(peerId)!, options);
    peer.addTransport(transport);
    return info;
  }

  async connectTransport(peerId: PeerId, transportId: string, params: { dtlsParameters?: types.DtlsParameters; ip?: string; port?: number; rtcpPort?: number; srtpParameters?: types.SrtpParameters }): Promise<void> {
    const transport = this.#peer(peerId).transport(transportId);
    await rejectedAs('Connecting the transport', () => transport.connect(params));
  }

  async produce(
    peerId: PeerId,
    request: {
      transportId: string;
      kind: types.MediaKind;
      rtpParameters: types.RtpParameters;
      source: MediaSource;
      paused?: boolean;
      /** An interpreter's track; none: the floor. */
      appData?: TrackClaim;
    },
  ): Promise<string> {
    const peer = this.#peer(peerId);
    if (!peer.canProduce) throw new MediaError('forbidden', 'Viewers can only receive.');
    const transport = peer.transport(request.transportId);
    if (transport.appData.direction === 'recv') throw new MediaError('bad_request', 'This transport only receives.');
    const claim = request.appData;
    const track = trackOf(claim);
    // One of each source per connection and track: an edge's stand-in publisher carries the floor's microphone
    // and each interpretation's.
    const taken = [...this.#producers.values()].some((p) => p.peerId === peerId && p.source === request.source && trackKey(p) === trackKey(track));
    if (taken) throw new MediaError('conflict', `This connection already sends its ${request.source}.`);
    const release = this.#claims.take(claim);
    const producer = await rejectedAs('Producing', () =>
      transport.produce({ kind: request.kind, rtpParameters: request.rtpParameters, paused: request.paused ?? false, appData: { ...claim } }),
    ).catch((err: unknown) => {
      release();
      throw err;
    });
    if (this.#closed || peer.closed) {
      release();
      producer.close();
      throw new MediaError('unavailable', 'The room closed; join again.');
    }
    peer.addProducer(producer);
    const info: ProducerInfo = {
      producerId: producer.id,
      peerId,
      kind: producer.kind,
      source: request.source,
      paused: producer.paused,
      ...track,
    };
    this.#producers.set(producer.id, { ...info, producer });
    producer.observer.once('close', () => {
      release();
      this.#producers.delete(producer.id);
      if (!this.#closed) this.emit('producerClosed', { producerId: producer.id, peerId });
    });
    if (producer.kind === 'audio') await this.#speakerObserver?.addProducer({ producerId: producer.id }).catch(() => undefined);
    await this.routers.pipeToAll(producer.id);
    this.emit('producerAdded', info);
    return producer.id;
  }

  /**
   * A producer the room does not offer (not to residents, the recorder or other routers): the raw input of a
   * server-side simulcast (media/ingest/whip-layers.ts), consumed on `router` into the producer that is offered.
   * It closes with the peer's transport.
   */
  async produceUnlisted(
    peerId: PeerId,
    request: { transportId: string; kind: types.MediaKind; rtpParameters: types.RtpParameters },
  ): Promise<{ producer: types.Producer; router: types.Router }> {
    const peer = this.#peer(peerId);
    if (!peer.canProduce) throw new MediaError('forbidden', 'Viewers can only receive.');
    const transport = peer.transport(request.transportId);
    const producer = await rejectedAs('Producing', () => transport.produce({ kind: request.kind, rtpParameters: request.rtpParameters }));
    peer.addProducer(producer);
    return { producer, router: this.#placement.get(peerId)!.router };
  }

  async consume(peerId: PeerId, request: ConsumeRequest): Promise<ConsumerInfo> {
    const peer = this.#peer(peerId);
    const source = this.#producers.get(request.producerId);
    if (!source) throw new MediaError('not_found', `There is no producer ${request.producerId} in this room.`);
    const router = this.#placement.get(peerId)!.router;
    const consumer = await openConsumer(router, () => peer.transport(request.transportId), request);
    peer.addConsumer(consumer);
    consumer.on('producerclose', () => this.emit('consumerClosed', peerId, consumer.id));
    consumer.on('layerschange', (layers) => this.emit('consumerLayersChanged', peerId, consumer.id, layers ?? null));
    return consumerInfo(consumer, source);
  }

  async resumeConsumer(peerId: PeerId, consumerId: string): Promise<void> {
    const consumer = this.#peer(peerId).consumer(consumerId);
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame().catch(() => undefined);
  }

  async pauseConsumer(peerId: PeerId, consumerId: string): Promise<void> {
    await this.#peer(peerId).consumer(consumerId).pause();
  }

  async setPreferredLayers(peerId: PeerId, consumerId: string, layers: Layers): Promise<void> {
    const consumer = this.#peer(peerId).consumer(consumerId);
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    await consumer.setPreferredLayers(layers);
  }

  async setProducerPaused(peerId: PeerId, producerId: string, paused: boolean): Promise<void> {
    const producer = this.#peer(peerId).producer(producerId);
    if (paused === producer.paused) return;
    await (paused ? producer.pause() : producer.resume());
    this.emit('producerPaused', { producerId, peerId, paused });
  }

  /** The host mutes another participant: pauses their microphone for everyone. */
  async muteAudioOf(targetPeerId: PeerId): Promise<void> {
    const target = this.#peer(targetPeerId);
    for (const producer of target.producers) {
      if (producer.kind === 'audio') await this.setProducerPaused(targetPeerId, producer.id, true);
    }
  }

  closeProducer(peerId: PeerId, producerId: string): void {
    this.#peer(peerId).producer(producerId).close();
  }

  async stats(peerId: PeerId): Promise<PeerStats> {
    return summarizeStats(this.#peer(peerId));
  }

  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    const peerIds = this.peerIds;
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.#placement.clear();
    this.routers.close();
    this.options.log.info({ room: this.key, reason }, 'room closed');
    this.emit('closed', reason, peerIds);
  }

  #peer(peerId: PeerId): Peer {
    this.#assertOpen();
    const peer = this.#peers.get(peerId);
    if (!peer) throw new MediaError('conflict', 'Join the room first.');
    return peer;
  }

  #assertOpen(): void {
    if (this.#closed) throw new MediaError('unavailable', 'The room closed; join again.');
  }

  #onRouterLost(placed: PlacedRouter, wasOrigin: boolean): void {
    if (wasOrigin) return this.close('workerDied');
    const evicted = [...this.#placement].filter(([, p]) => p === placed).map(([id]) => id);
    for (const peerId of evicted) {
      this.#peers.get(peerId)?.close();
      this.#peers.delete(peerId);
      this.#placement.delete(peerId);
    }
    this.emit('peersEvicted', evicted);
    this.emit('viewersChanged', this.viewerCount);
  }
}

const summary = (peer: Peer): PeerSummary => ({ peerId: peer.id, displayName: peer.info.displayName, role: peer.role, host: peer.info.host });
