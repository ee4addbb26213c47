import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import type { PeerId } from '../../media/sfu/peer.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { SessionRooms } from '../live/room-events.js';
import type { ClusterBus } from './bus.js';
import type { PipedProducer } from './cluster.contract.js';
import type { NodeRegistry } from './registry.js';
import { KeyedQueue } from './serial.js';

/** What an edge pulls of one session: a publisher peer of its room whose PipeTransport the origin feeds. */
type Pull = { sessionId: SessionId; origin: string; peerId: PeerId; transportId: string; producers: Map<string, string> };

export type EdgePipesOptions = { address: string; srtp: boolean };

/**
 * The edge's end of the media pipes. While the edge has viewers of a broadcast, it pulls the session from
 * the origin: a stand-in publisher joins the edge's room with a PipeTransport, the origin connects its own to
 * it, and each origin producer is produced here with the origin's pipe-consumer parameters, so viewers on
 * this edge consume it as they would the studio's. The last viewer leaving ends the pull; an edge with no
 * viewers pulls nothing. A pull that breaks (the room closed on the origin, a restarted origin) is opened
 * again as soon as the origin has a room for the session.
 */
export class EdgePipes {
  readonly #pulls = new Map<SessionId, Pull>();
  readonly #queue = new KeyedQueue<SessionId>();

  constructor(
    private readonly bus: ClusterBus,
    private readonly rooms: SessionRooms,
    private readonly registry: NodeRegistry,
    private readonly options: EdgePipesOptions,
    private readonly log: Logger,
  ) {
    rooms.on('roomOpened', (room, sessionId) => {
      room.on('viewersChanged', (count) => {
        if (count === 0) void this.#queue.run(sessionId, () => this.#release(sessionId));
      });
      room.once('closed', () => this.#pulls.delete(sessionId));
    });
    bus.onNote('room:opened', ({ sessionId }) => void this.ensure(sessionId as SessionId));
    bus.onNote('pipe:producer', ({ sessionId, producer }, from) =>
      void this.#queue.run(sessionId as SessionId, () => this.#produce(sessionId as SessionId, from, producer)),
    );
    bus.onNote('pipe:producer-closed', ({ sessionId, producerId }, from) => {
      const pull = this.#pullFrom(sessionId as SessionId, from);
      const local = pull?.producers.get(producerId);
      if (!pull || !local) return;
      pull.producers.delete(producerId);
      const room = this.rooms.get(pull.sessionId);
      if (room?.hasPeer(pull.peerId)) room.closeProducer(pull.peerId, local);
    });
    bus.onNote('pipe:producer-paused', ({ sessionId, producerId, paused }, from) => {
      const pull = this.#pullFrom(sessionId as SessionId, from);
      const local = pull?.producers.get(producerId);
      const room = pull && this.rooms.get(pull.sessionId);
      if (pull && local && room?.hasPeer(pull.peerId)) void room.setProducerPaused(pull.peerId, local, paused).catch(() => undefined);
    });
    bus.onNote('pipe:closed', ({ sessionId }, from) => {
      if (!this.#pullFrom(sessionId as SessionId, from)) return;
      void this.#queue.run(sessionId as SessionId, () => this.#drop(sessionId as SessionId, 'origin closed the pipe'));
    });
    // A new origin (restarted): what was pulled from the old one is gone; pull again from the new one.
    registry.on('nodeUp', (node) => {
      if (node.role === 'origin') this.#repull('new origin');
    });
    registry.on('nodeDown', (node) => {
      if (node.role === 'origin') this.#dropFrom(node.id);
    });
  }

  get count(): number {
    return this.#pulls.size;
  }

  /** What reaches this edge now, per session: the producers pulled and their bitrate in bit/s. */
  async pulled(): Promise<{ sessionId: number; producers: number; bitrate: number }[]> {
    return Promise.all(
      [...this.#pulls.values()].map(async (pull) => {
        const room = this.rooms.get(pull.sessionId);
        const stats = room?.hasPeer(pull.peerId) ? await room.stats(pull.peerId).catch(() => null) : null;
        return { sessionId: pull.sessionId, producers: pull.producers.size, bitrate: stats?.transports.reduce((n, t) => n + t.recvBitrate, 0) ?? 0 };
      }),
    );
  }

  /** The edge has viewers of the session: pull it unless it already does (or the origin has no room yet). */
  ensure(sessionId: SessionId): Promise<void> {
    return this.#queue.run(sessionId, () => this.#open(sessionId)).catch((err: Error) => {
      this.log.warn({ sessionId, err: err.message }, 'pulling the session from the origin failed; retrying when its room opens');
    });
  }

  async #open(sessionId: SessionId): Promise<void> {
    const room = this.rooms.get(sessionId);
    if (this.#pulls.has(sessionId) || !room || room.closed || room.viewerCount === 0) return;
    const origin = this.registry.origin();
    if (!origin) return;
    const peerId = `pipe-${randomUUID()}` as PeerId;
    await this.rooms.join({ sessionId, kind: 'broadcast' }, peerId, 'publisher', { displayName: 'origin', host: false });
    try {
      const local = await room.createPipeTransport(peerId, { listenIp: this.options.address, enableSrtp: this.options.srtp });
      const reply = await this.bus.request(origin.id, 'pipe:open', {
        sessionId,
        edge: this.bus.nodeId,
        endpoint: { ip: local.ip, port: local.port, srtpParameters: local.srtpParameters },
      });
      if (!reply.room) return void room.leave(peerId);
      const { endpoint } = reply;
      await room.connectTransport(peerId, local.id, { ip: endpoint.ip, port: endpoint.port, srtpParameters: endpoint.srtpParameters });
      const pull: Pull = { sessionId, origin: origin.id, peerId, transportId: local.id, producers: new Map() };
      this.#pulls.set(sessionId, pull);
      for (const producer of reply.producers) await this.#produce(sessionId, origin.id, producer);
      this.log.info({ sessionId, origin: origin.id, producers: pull.producers.size }, 'pulling the session from the origin');
    } catch (error) {
      if (!this.#pulls.has(sessionId)) room.leave(peerId);
      throw error;
    }
  }

  async #produce(sessionId: SessionId, from: string, producer: PipedProducer): Promise<void> {
    const pull = this.#pullFrom(sessionId, from);
    const room = this.rooms.get(sessionId);
    if (!pull || !room?.hasPeer(pull.peerId) || pull.producers.has(producer.producerId)) return;
    const id = await room.produce(pull.peerId, {
      transportId: pull.transportId,
      kind: producer.kind,
      rtpParameters: producer.rtpParameters as types.RtpParameters,
      source: producer.source,
      paused: producer.paused,
      // Residents on the edge tell the floor from an interpretation by it, as on the origin.
      appData: producer.claim,
    });
    pull.producers.set(producer.producerId, id);
  }

  async #release(sessionId: SessionId): Promise<void> {
    const pull = this.#pulls.get(sessionId);
    const room = this.rooms.get(sessionId);
    if (!pull || (room && room.viewerCount > 0)) return;
    this.#drop(sessionId, 'no viewers left');
    await this.bus.request(pull.origin, 'pipe:close', { sessionId, edge: this.bus.nodeId }).catch(() => undefined);
  }

  /** Leaves the room as the stand-in publisher: its producers close, and viewers hear `producer:closed`. */
  #drop(sessionId: SessionId, why: string): void {
    const pull = this.#pulls.get(sessionId);
    if (!pull) return;
    this.#pulls.delete(sessionId);
    this.rooms.get(sessionId)?.leave(pull.peerId);
    this.log.info({ sessionId, origin: pull.origin, why }, 'stopped pulling the session');
  }

  #dropFrom(origin: string): void {
    for (const pull of [...this.#pulls.values()]) {
      if (pull.origin === origin) void this.#queue.run(pull.sessionId, () => this.#drop(pull.sessionId, 'origin down'));
    }
  }

  #repull(why: string): void {
    const current = this.registry.origin()?.id;
    for (const room of this.rooms.rooms) {
      const sessionId = room.sessionId;
      const pull = this.#pulls.get(sessionId);
      if (pull && pull.origin !== current) void this.#queue.run(sessionId, () => this.#drop(sessionId, why));
      void this.ensure(sessionId);
    }
  }

  #pullFrom(sessionId: SessionId, origin: string): Pull | undefined {
    const pull = this.#pulls.get(sessionId);
    return pull && pull.origin === origin ? pull : undefined;
  }
}
