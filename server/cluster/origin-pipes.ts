import type { types } from 'mediasoup';
import type { ProducerInfo } from '../../media/sfu/room-types.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { interpretationLangSchema } from '../live/live.contract.js';
import type { SessionRoom, SessionRooms } from '../live/room-events.js';
import type { ClusterBus } from './bus.js';
import type { PipeEndpoint, PipedProducer } from './cluster.contract.js';
import { KeyedQueue } from './serial.js';

type Pipe = { sessionId: SessionId; edge: string; transport: types.PipeTransport; consumers: Map<string, types.Consumer> };

export type OriginPipesOptions = { address: string; srtp: boolean };

/**
 * The origin's end of the media pipes to its edges: pipeToRouter across hosts, by hand. For each edge with
 * viewers of a broadcast, one PipeTransport on the room's origin router, connected to the edge's, and one pipe
 * consumer per producer; the edge produces each with the consumer's rtpParameters. New, closed and paused
 * producers are told to the edge as they happen; a closed room, a closed pipe or an edge that stopped its
 * heartbeat ends the pipe. Every change of one session's pipes runs in one queue, so a note never overtakes
 * the reply it follows.
 */
export class OriginPipes {
  readonly #pipes = new Map<string, Pipe>();
  readonly #queue = new KeyedQueue<SessionId>();

  constructor(
    private readonly bus: ClusterBus,
    private readonly rooms: SessionRooms,
    private readonly options: OriginPipesOptions,
    private readonly log: Logger,
  ) {
    bus.serve('pipe:open', ({ sessionId, edge, endpoint }) => this.#queue.run(sessionId as SessionId, () => this.#open(sessionId as SessionId, edge, endpoint)));
    bus.serve('pipe:close', ({ sessionId, edge }) =>
      this.#queue.run(sessionId as SessionId, () => {
        this.#close(sessionId as SessionId, edge, 'edge has no viewers');
        return {};
      }),
    );
    rooms.on('roomOpened', (room, sessionId) => {
      if (room.kind !== 'broadcast') return;
      // The room closing closes its routers, and with them the pipes (each tells its edge, see #open).
      room.on('producerAdded', (info) => void this.#queue.run(sessionId, () => this.#pipeNew(room, info)));
      // Edges whose viewers wait for this session pull it now.
      bus.note('all', 'room:opened', { sessionId });
    });
  }

  /** How many pipes this origin feeds (the registry's load). */
  get count(): number {
    return this.#pipes.size;
  }

  /** Edges fed, per session (health). */
  edgesOf(sessionId: SessionId): string[] {
    return this.#of(sessionId).map((p) => p.edge);
  }

  /** The edge stopped its heartbeat: it is gone, and so are its pipes. */
  dropEdge(edge: string): void {
    for (const pipe of [...this.#pipes.values()].filter((p) => p.edge === edge)) this.#close(pipe.sessionId, edge, 'edge down');
  }

  /** Shutdown: every edge is told, so its viewers wait for the next origin rather than for a timeout. */
  closeAll(): void {
    for (const pipe of [...this.#pipes.values()]) {
      this.#close(pipe.sessionId, pipe.edge, 'shutdown');
      this.bus.note(pipe.edge, 'pipe:closed', { sessionId: pipe.sessionId });
    }
  }

  async #open(sessionId: SessionId, edge: string, remote: PipeEndpoint): Promise<{ room: true; endpoint: PipeEndpoint; producers: PipedProducer[] } | { room: false }> {
    const room = this.rooms.get(sessionId);
    if (!room || room.closed || room.kind !== 'broadcast') return { room: false };
    // An edge opening again (its old pipe broke, or it restarted pulling) gets a new pipe.
    this.#close(sessionId, edge, 'edge opened again');
    const transport = await room.originRouter.createPipeTransport({ listenIp: { ip: this.options.address }, enableRtx: true, enableSrtp: this.options.srtp });
    try {
      await transport.connect({ ip: remote.ip, port: remote.port, srtpParameters: remote.srtpParameters });
    } catch (error) {
      transport.close();
      throw error;
    }
    const pipe: Pipe = { sessionId, edge, transport, consumers: new Map() };
    this.#pipes.set(keyOf(sessionId, edge), pipe);
    // Closed by its router (the room closed, or its worker died) rather than by #close: the edge is told.
    transport.observer.once('close', () => {
      if (this.#pipes.get(keyOf(sessionId, edge)) !== pipe) return;
      this.#pipes.delete(keyOf(sessionId, edge));
      this.bus.note(edge, 'pipe:closed', { sessionId });
      this.log.info({ sessionId, edge }, 'pipe to edge closed with its room');
    });
    const producers: PipedProducer[] = [];
    for (const info of room.producerList()) {
      const piped = await this.#consume(pipe, info);
      if (piped) producers.push(piped);
    }
    const { localIp, localPort } = transport.tuple;
    this.log.info({ sessionId, edge, producers: producers.length, port: localPort }, 'pipe to edge open');
    return { room: true, endpoint: { ip: localIp, port: localPort, srtpParameters: transport.srtpParameters }, producers };
  }

  async #pipeNew(room: SessionRoom, info: ProducerInfo): Promise<void> {
    for (const pipe of this.#of(room.sessionId)) {
      if (pipe.consumers.has(info.producerId)) continue;
      const piped = await this.#consume(pipe, info);
      if (piped) this.bus.note(pipe.edge, 'pipe:producer', { sessionId: room.sessionId, producer: piped });
    }
  }

  async #consume(pipe: Pipe, info: ProducerInfo): Promise<PipedProducer | null> {
    if (pipe.transport.closed || pipe.consumers.has(info.producerId)) return null;
    let consumer: types.Consumer;
    try {
      consumer = await pipe.transport.consume({ producerId: info.producerId });
    } catch (error) {
      // The producer closed meanwhile: nothing to pipe.
      this.log.debug({ producerId: info.producerId, err: error }, 'producer not piped');
      return null;
    }
    pipe.consumers.set(info.producerId, consumer);
    const { sessionId, edge } = pipe;
    consumer.observer.once('close', () => pipe.consumers.delete(info.producerId));
    consumer.on('producerclose', () => this.bus.note(edge, 'pipe:producer-closed', { sessionId, producerId: info.producerId }));
    consumer.on('producerpause', () => this.bus.note(edge, 'pipe:producer-paused', { sessionId, producerId: info.producerId, paused: true }));
    consumer.on('producerresume', () => this.bus.note(edge, 'pipe:producer-paused', { sessionId, producerId: info.producerId, paused: false }));
    return {
      producerId: info.producerId,
      peerId: info.peerId,
      kind: consumer.kind,
      source: info.source,
      paused: consumer.producerPaused,
      claim: claimOf(info),
      rtpParameters: consumer.rtpParameters,
    };
  }

  #of(sessionId: SessionId): Pipe[] {
    return [...this.#pipes.values()].filter((p) => p.sessionId === sessionId);
  }

  #close(sessionId: SessionId, edge: string, why: string): void {
    const pipe = this.#pipes.get(keyOf(sessionId, edge));
    if (!pipe) return;
    this.#pipes.delete(keyOf(sessionId, edge));
    pipe.transport.close();
    this.log.info({ sessionId, edge, why }, 'pipe to edge closed');
  }
}

const keyOf = (sessionId: SessionId, edge: string) => `${sessionId}|${edge}`;

/** The interpreter's claim a producer was made with, for the edge to make its copy with the same. */
function claimOf(info: ProducerInfo): PipedProducer['claim'] {
  if (info.track === 'sign') return { track: 'sign' };
  const lang = interpretationLangSchema.safeParse(info.lang);
  return info.track === 'interpretation' && lang.success ? { track: 'interpretation', lang: lang.data } : undefined;
}
