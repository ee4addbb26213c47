import { EventEmitter, once } from 'node:events';
import type { Logger } from '../logger.js';
import { MediaError } from './errors.js';
import type { PeerId, PeerInfo, PeerRole } from './peer.js';
import { Room, type RoomCloseReason, type RoomKind } from './room.js';
import type { WorkerPool } from './worker-pool.js';

export type RoomRegistryOptions = {
  viewersPerRouter: number;
  maxParticipants: number;
  plainListenIp?: string;
  /** How long a join waits for a replacement worker when none is alive. */
  workerWaitMs?: number;
};

type RegistryEvents = {
  roomOpened: [room: Room];
  roomClosed: [room: Room, reason: RoomCloseReason, peerIds: PeerId[]];
};

/**
 * Every open room by key. Opening a room and joining it run in one queue per key, so two joins at once
 * cannot create two rooms for the same session.
 */
export class RoomRegistry extends EventEmitter<RegistryEvents> {
  readonly #rooms = new Map<string, Room>();
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly pool: WorkerPool,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
  ) {
    super();
  }

  get(key: string): Room | undefined {
    return this.#rooms.get(key);
  }

  get rooms(): Room[] {
    return [...this.#rooms.values()];
  }

  /** Joins `peerId` to the room `key`, opening the room first if needed. */
  join(key: string, kind: RoomKind, peerId: PeerId, role: PeerRole, info: PeerInfo) {
    return this.#serial(key, async () => {
      const room = await this.#open(key, kind);
      const joined = await room.join(peerId, role, info);
      return { room, ...joined };
    });
  }

  closeAll(reason: RoomCloseReason): void {
    for (const room of this.#rooms.values()) room.close(reason);
  }

  async #open(key: string, kind: RoomKind): Promise<Room> {
    const existing = this.#rooms.get(key);
    if (existing && !existing.closed) {
      if (existing.kind !== kind) throw new MediaError('conflict', 'This room is of another kind.');
      return existing;
    }
    await this.#aliveWorker();
    const room = await Room.create({
      key,
      kind,
      pool: this.pool,
      log: this.log,
      viewersPerRouter: this.options.viewersPerRouter,
      maxParticipants: this.options.maxParticipants,
      plainListenIp: this.options.plainListenIp,
    });
    this.#rooms.set(key, room);
    room.once('closed', (reason, peerIds) => {
      if (this.#rooms.get(key) === room) this.#rooms.delete(key);
      this.emit('roomClosed', room, reason, peerIds);
    });
    this.emit('roomOpened', room);
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

  #serial<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(task);
    const tail = run.catch(() => undefined);
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return run;
  }
}
