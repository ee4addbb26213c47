import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Logger } from '../core/logger.js';
import { nodeIdSchema } from './cluster.contract.js';
import { withinMs, type RedisClient } from './redis.js';

/** Heartbeat period, and how long a node's key lives without one (two missed beats and a margin). */
export const heartbeatMs = 2000;
export const nodeTtlMs = 5000;
const keyPrefix = 'nist:node:';

export const nodeInfoSchema = z.object({
  id: nodeIdSchema,
  role: z.enum(['origin', 'edge']),
  /** Where residents reach this node (PUBLIC_URL, or its own address). */
  url: z.url(),
  /** Where other nodes reach its media pipes (CLUSTER_ADDRESS). */
  pipeAddress: z.string().max(64),
  /** The addresses browsers are offered for WebRTC (announced). */
  mediaAddresses: z.array(z.string().max(64)).max(16),
  load: z.object({
    viewers: z.number().int().min(0),
    rooms: z.number().int().min(0),
    workers: z.number().int().min(0),
    /** Media pipes this node feeds (origin) or pulls (edge). */
    pipes: z.number().int().min(0),
    /** The node process's CPU over the last beat, in percent of one core (mediasoup workers not included). */
    cpuPercent: z.number().min(0),
  }),
  startedAt: z.string(),
  beatAt: z.string(),
});
export type NodeInfo = z.infer<typeof nodeInfoSchema>;
export type NodeSelf = Omit<NodeInfo, 'load' | 'beatAt'>;

type RegistryEvents = {
  /** A node's key appeared. */
  nodeUp: [NodeInfo];
  /** A node missed its heartbeats while Redis itself answered: it is gone (SIGKILL, crash, network). */
  nodeDown: [NodeInfo];
};

/**
 * Which nodes are up: each node writes its key (`nist:node:<id>`, TTL 5 s) every 2 s with its role, load and
 * addresses, and reads everyone's. A node is down when its key is gone (it expired: no heartbeat for a TTL)
 * while this node's own Redis connection has been fine for a TTL, so a Redis restart (which forgets every key)
 * downs nobody.
 */
export class NodeRegistry extends EventEmitter<RegistryEvents> {
  readonly #nodes = new Map<string, { info: NodeInfo; seenAt: number }>();
  #timer: NodeJS.Timeout | undefined;
  #healthySince: number | null = null;
  #cpu = process.cpuUsage();
  #cpuAt = performance.now();
  #beating: Promise<void> = Promise.resolve();

  #self: NodeSelf;

  constructor(
    private readonly redis: RedisClient,
    self: Omit<NodeSelf, 'url'>,
    private readonly load: () => Omit<NodeInfo['load'], 'cpuPercent'>,
    private readonly log: Logger,
  ) {
    super();
    this.#self = { ...self, url: 'http://localhost/' };
    // A lost connection (Redis restarted, every key gone) counts as unhealthy even when node-redis is back before
    // the next beat: otherwise that beat's scan, run before the other nodes rewrote their keys, would down them all.
    redis.on('error', () => {
      this.#healthySince = null;
    });
  }

  get self(): NodeSelf {
    return this.#self;
  }

  /** Starts beating, announcing `url` as where residents reach this node. */
  async start(url: string): Promise<void> {
    this.#self = { ...this.#self, url };
    await this.#beat();
    this.#timer = setInterval(() => {
      this.#beating = this.#beat();
    }, heartbeatMs);
  }

  /** Redis answered the last heartbeat. */
  get connected(): boolean {
    return this.#healthySince !== null;
  }

  nodes(): NodeInfo[] {
    return [...this.#nodes.values()].map((n) => n.info);
  }

  /** The origin; while a restarted origin's predecessor has not expired yet, the newer one. */
  origin(): NodeInfo | undefined {
    return this.nodes()
      .filter((n) => n.role === 'origin')
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  }

  /** The healthy edge with the fewest viewers, if any. */
  leastLoadedEdge(): NodeInfo | undefined {
    const edges = this.nodes().filter((n) => n.role === 'edge');
    return edges.reduce<NodeInfo | undefined>((best, n) => (!best || n.load.viewers < best.load.viewers ? n : best), undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#beating;
    await withinMs(this.redis.del(keyPrefix + this.#self.id), 1000).catch(() => undefined);
  }

  async #beat(): Promise<void> {
    const now = performance.now();
    const info: NodeInfo = { ...this.#self, load: { ...this.load(), cpuPercent: this.#cpuPercent(now) }, beatAt: new Date().toISOString() };
    try {
      await withinMs(this.redis.set(keyPrefix + this.#self.id, JSON.stringify(info), { expiration: { type: 'PX', value: nodeTtlMs } }), heartbeatMs);
      const seen = await withinMs(this.#scan(), heartbeatMs);
      this.#healthySince ??= now;
      this.#merge(seen, now);
    } catch (error) {
      if (this.#healthySince !== null) this.log.warn({ err: (error as Error).message }, 'node registry: Redis unreachable; nodes are kept as they were');
      this.#healthySince = null;
    }
  }

  async #scan(): Promise<NodeInfo[]> {
    const keys: string[] = [];
    for await (const batch of this.redis.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 200 })) keys.push(...batch);
    if (keys.length === 0) return [];
    const values = await this.redis.mGet(keys);
    const nodes: NodeInfo[] = [];
    for (const value of values) {
      if (!value) continue;
      try {
        const parsed = nodeInfoSchema.safeParse(JSON.parse(value));
        if (parsed.success) nodes.push(parsed.data);
      } catch {
        // not a node's key
      }
    }
    return nodes;
  }

  #merge(seen: NodeInfo[], now: number): void {
    for (const info of seen) {
      const known = this.#nodes.has(info.id);
      this.#nodes.set(info.id, { info, seenAt: now });
      if (!known && info.id !== this.#self.id) {
        this.log.info({ node: info.id, role: info.role, url: info.url }, 'node up');
        this.emit('nodeUp', info);
      }
    }
    // Its key expired (no heartbeat for a TTL): down, unless this node's own Redis connection has not been up
    // for a TTL yet (after a Redis restart every key is gone until its node writes it again).
    if (this.#healthySince === null || now - this.#healthySince < nodeTtlMs) return;
    for (const [id, node] of this.#nodes) {
      if (node.seenAt === now || id === this.#self.id) continue;
      this.#nodes.delete(id);
      this.log.warn({ node: id, role: node.info.role, lastBeat: node.info.beatAt }, 'node down: no heartbeat');
      this.emit('nodeDown', node.info);
    }
  }

  #cpuPercent(now: number): number {
    const used = process.cpuUsage(this.#cpu);
    const elapsedMs = now - this.#cpuAt;
    this.#cpu = process.cpuUsage();
    this.#cpuAt = now;
    return elapsedMs > 0 ? Math.round(((used.user + used.system) / 1000 / elapsedMs) * 1000) / 10 : 0;
  }
}
