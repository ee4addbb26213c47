import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import { mediaCodecs } from './codecs.js';
import type { PooledWorker, WorkerPool } from './worker-pool.js';

/** A router of one room, on one worker, with the number of viewers placed on it. */
export type PlacedRouter = {
  readonly router: types.Router;
  readonly worker: PooledWorker;
  viewers: number;
};

type RouterSetEvents = {
  /** A router's worker died: the origin (everything is gone) or a viewer router (its viewers are). */
  routerLost: [placed: PlacedRouter, wasOrigin: boolean];
};

/**
 * The routers of one room. Producers live on the origin router; when every router has `viewersPerRouter`
 * viewers, a router on another worker is added and every producer is piped to it (pipeToRouter). Placement
 * and piping run one at a time so a new router never misses a producer.
 */
export class RouterSet extends EventEmitter<RouterSetEvents> {
  readonly #routers: PlacedRouter[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(
    private readonly pool: WorkerPool,
    private readonly viewersPerRouter: number,
    private readonly log: Logger,
  ) {
    super();
  }

  static async create(pool: WorkerPool, viewersPerRouter: number, log: Logger): Promise<RouterSet> {
    const set = new RouterSet(pool, viewersPerRouter, log);
    await set.#addRouter(pool.next());
    return set;
  }

  get origin(): PlacedRouter {
    return this.#routers[0]!;
  }

  get routers(): readonly PlacedRouter[] {
    return this.#routers;
  }

  /** The router a new viewer should use; adds and fills a router on another worker when all are full. */
  placeViewer(producerIds: () => string[]): Promise<PlacedRouter> {
    return this.#serial(async () => {
      let target = this.#routers.find((r) => r.viewers < this.viewersPerRouter);
      if (!target) {
        const worker = this.#unusedWorker();
        if (worker) {
          target = await this.#addRouter(worker);
          for (const producerId of producerIds()) await this.#pipe(producerId, target);
        } else {
          // Every worker already serves this room: spread the overflow over the least loaded router.
          target = this.#routers.reduce((a, b) => (b.viewers < a.viewers ? b : a));
        }
      }
      target.viewers += 1;
      return target;
    });
  }

  release(placed: PlacedRouter): void {
    placed.viewers = Math.max(0, placed.viewers - 1);
  }

  /** Makes a new origin producer consumable on every other router. */
  pipeToAll(producerId: string): Promise<void> {
    return this.#serial(async () => {
      for (const target of this.#routers.slice(1)) await this.#pipe(producerId, target);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { router } of this.#routers) router.close();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #addRouter(worker: PooledWorker): Promise<PlacedRouter> {
    const router = await worker.worker.createRouter({ mediaCodecs });
    const placed: PlacedRouter = { router, worker, viewers: 0 };
    this.#routers.push(placed);
    router.once('workerclose', () => this.#onLost(placed));
    this.log.debug({ workerIndex: worker.index, routerId: router.id }, 'router added');
    return placed;
  }

  async #pipe(producerId: string, target: PlacedRouter): Promise<void> {
    const origin = this.origin.router;
    if (origin.closed || target.router.closed) return;
    try {
      await origin.pipeToRouter({ producerId, router: target.router });
    } catch (error) {
      // The producer may have closed meanwhile; its pipe is then not needed.
      this.log.debug({ producerId, err: error }, 'producer not piped');
    }
  }

  #unusedWorker(): PooledWorker | undefined {
    const used = new Set(this.#routers.map((r) => r.worker.worker));
    const live = this.pool.entries;
    for (let i = 0; i < live.length; i++) {
      const candidate = this.pool.next();
      if (!used.has(candidate.worker)) return candidate;
    }
    return undefined;
  }

  #onLost(placed: PlacedRouter): void {
    const index = this.#routers.indexOf(placed);
    if (index < 0 || this.#closed) return;
    this.#routers.splice(index, 1);
    this.emit('routerLost', placed, index === 0);
  }
}
