import { EventEmitter, once } from 'node:events';
import type { Logger } from '../logger.js';
import { MediaError } from './errors.js';
import type { PeerId, PeerInfo, PeerRole } from './peer.js';
import { Room, type RoomCloseReason, type RoomIdentity } from './room.js';
import type { WorkerPool } from './worker-pool.js';

export type RoomRegistryOptions = {
  viewersPerRouter: number;
  maxParticipants: number;
  plainListenIp?: string;
  /** How long a join waits for a replacement worker when none is alive. */
  workerWaitMs?: number;
};

/** What the registry tells its subscribers; every event carries the room's session id, typed as `S`. */
export type RegistryEvents<S extends number = number> = {
  roomOpened: [room: Room<S>, sessionId: S];
  roomClosed: [room: Room<S>, reason: RoomCloseReason, peerIds: PeerId[], sessionId: S];
};

/**
 * Every open room by session. Opening a room and joining it run in one queue per session, so two joins at
 * once cannot create two rooms for the same session. `S` is the caller's (branded) session id type.
 */
export class RoomRegistry<S extends number = number> extends EventEmitter<RegistryEvents<S>> {
  readonly #rooms = new Map<S, Room<S>>();
  readonly #queues = new Map<S, Promise<unknown>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  get(sessionId: S): Room<S> | undefined {
    return this.#rooms.get(sessionId);
  }

  get rooms(): Room<S>[] {
    return [...this.#rooms.values()];
  }

  /** Joins `peerId` to the session's room, opening the room first if needed. */
  join(identity: RoomIdentity<S>, peerId: PeerId, role: PeerRole, info: PeerInfo) {
    return this.#serial(identity.sessionId, async () => {
      const room = await this.#open(identity);
      const joined = await room.join(peerId, role, info);
      return { room, ...joined };
    });
  }

  closeAll(reason: RoomCloseReason): void {
    for (const room of this.#rooms.values()) room.close(reason);
  }

  async #open({ sessionId, kind }: RoomIdentity<S>): Promise<Room<S>> {
    const existing = this.#rooms.get(sessionId);
    if (existing && !existing.closed) {
      if (existing.kind !== kind) throw new MediaError('conflict', 'This room is of another kind.');
      return existing;
    }
    await this.#aliveWorker();
    const room = await Room.create<S>({
      sessionId,
      kind,
      pool: this.pool,
      log: this.log,
      viewersPerRouter: this.options.viewersPerRouter,
      maxParticipants: this.options.maxParticipants,
      plainListenIp: this.options.plainListenIp,
    });
    this.#rooms.set(sessionId, room);
    room.once('closed', (reason, peerIds) => {
      if (this.#rooms.get(sessionId) === room) this.#rooms.delete(sessionId);
      this.emit('roomClosed', room, reason, peerIds, sessionId);
    });
    this.emit('roomOpened', room, sessionId);
    return room;
  }

  async #aliveWorker(): Promise<void> {
    if (this.pool.entries.length > 0) return;
    const waitMs = this.options.workerWaitMs ?? 15_000;
    try {
      await once(this.pool, 'workerReplaced', { signal: AbortSignal.timeout(waitMs) });
    } catch {
      throw new MediaError('unavailable', 'The media server is restarting; try again in a moment.');
    }
  }

  #serial<T>(sessionId: S, task: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(sessionId) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => undefined);
    this.#queues.set(sessionId, tail);
    void tail.then(() => {
      if (this.#queues.get(sessionId) === tail) this.#queues.delete(sessionId);
    });
    return run;
  }
}
