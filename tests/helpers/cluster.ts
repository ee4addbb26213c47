import type { ChildProcess } from 'node:child_process';
import { Manager } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { generateClip } from './fixtures.js';
import { startRedis, type TestRedis } from './redis.js';
import { openNamespaces, type Client } from './signaling.js';
import { startServer, type StartOptions, type TestServer } from './server.js';
import { sleep } from './wait.js';

export type TestCluster = {
  redis: TestRedis;
  origin: TestServer;
  edges: TestServer[];
  /** Starts one more edge of this origin. */
  addEdge: (options?: StartOptions) => Promise<TestServer>;
  /** Restarts the origin on its port and data folder (edges keep ORIGIN_URL). */
  restartOrigin: (signal?: NodeJS.Signals) => Promise<TestServer>;
  stop: () => Promise<void>;
};

/** Three servers start one after another on a machine the other tests share: each may take a while. */
const startTimeoutMs = 90_000;

/** What an edge's /api/health says. */
export type EdgeHealth = { ok: boolean; role: 'edge'; origin: string; connected: boolean; node: string; pulls: { sessionId: number; producers: number; bitrate: number }[]; viewers: number };

/**
 * One origin and `edges` media edges of it, each a separate `node server/main.ts` on ports of its own, on a
 * real redis-server started here. The settings are the product's (see server.ts) plus what a cluster is:
 * REDIS_URL on all; NIST_ROLE=edge and ORIGIN_URL on the edges. Resolves when every edge hears the origin.
 */
export async function startCluster(options: { edges?: number; origin?: StartOptions; edge?: StartOptions } = {}): Promise<TestCluster> {
  const redis = await startRedis();
  const cluster = { REDIS_URL: redis.url };
  let origin: TestServer;
  try {
    origin = await startServer({ timeoutMs: startTimeoutMs, ...options.origin, env: { ...cluster, ...options.origin?.env } });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  const edges: TestServer[] = [];
  const addEdge = async (edgeOptions: StartOptions = options.edge ?? {}) => {
    const edge = await startServer({ timeoutMs: startTimeoutMs, ...edgeOptions, env: { ...cluster, NIST_ROLE: 'edge', ORIGIN_URL: origin.url, ...edgeOptions.env } });
    edges.push(edge);
    const { node } = await edgeConnected(edge);
    await originSees(origin, node);
    return edge;
  };
  const stopAll = async () => {
    await Promise.all([...edges, origin].map((s) => s.stop().catch(() => null)));
    await redis.stop();
  };
  try {
    for (let i = 0; i < (options.edges ?? 2); i++) await addEdge();
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    redis,
    get origin() {
      return origin;
    },
    edges,
    addEdge,
    restartOrigin: async (signal = 'SIGTERM') => {
      await origin.stop(signal);
      // The same port, as a service manager restarts it: the edges' ORIGIN_URL stays right.
      origin = await startServer({ timeoutMs: startTimeoutMs, ...options.origin, dataDir: origin.dataDir, env: { ...cluster, ...options.origin?.env, PORT: String(origin.port), RECORDINGS_DIR: origin.recordingsDir } });
      return origin;
    },
    stop: stopAll,
  };
}

export async function health<T = EdgeHealth>(server: Pick<TestServer, 'url'>): Promise<T> {
  const res = await fetch(`${server.url}/api/health`);
  return (await res.json()) as T;
}

/** Waits until the edge hears its origin (its heartbeat in the registry). */
export async function edgeConnected(edge: TestServer, timeoutMs = 20_000): Promise<EdgeHealth> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await health(edge).catch(() => null);
    if (h?.connected) return h;
    if (Date.now() > deadline) throw new Error(`edge ${edge.url} did not connect to its origin: ${JSON.stringify(h)}`);
    await sleep(200);
  }
}



/** Waits until the origin's registry lists the edge `node` (its next heartbeat scan). */
export async function originSees(origin: TestServer, node: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await health<{ cluster?: { edges: { id: string }[] } }>(origin).catch(() => null);
    if (h?.cluster?.edges.some((e) => e.id === node)) return;
    if (Date.now() > deadline) throw new Error(`the origin does not list edge ${node}: ${JSON.stringify(h)}`);
    await sleep(200);
  }
}

/** The namespaces a resident's page opens (an edge serves these; staff namespaces are the origin's). */
const residentNamespaces = ['/live', '/questions', '/civic', '/captions'] as const;

/** A resident's page connected to `url` (an edge or the origin): one connection, the residents' namespaces. */
export async function connectResident(url: string, options: { clientId?: string; headers?: Record<string, string>; reconnection?: boolean } = {}): Promise<Client> {
  const manager = new Manager(url, {
    transports: ['websocket'],
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    extraHeaders: { origin: url, ...options.headers },
  });
  return openNamespaces(manager, residentNamespaces, options.clientId);
}

/** The error a namespace's handshake answers with, or null when it connects. */
export async function namespaceRefusal(url: string, namespace: string): Promise<string | null> {
  const manager = new Manager(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: url } });
  const socket = manager.socket(namespace);
  try {
    return await new Promise<string | null>((resolve) => {
      socket.once('connect', () => resolve(null));
      socket.once('connect_error', (e: Error) => resolve(e.message));
    });
  } finally {
    socket.disconnect();
    manager.engine?.close();
  }
}

/**
 * A test file's cluster (an origin and two edges on Redis) and a small camera-like clip to broadcast, both
 * ready before its tests; afterwards the file's feeds are ended, its sockets closed and the cluster stopped.
 */
export function withClusterAndClip(): { readonly cluster: TestCluster; readonly clip: string; feeds: ChildProcess[]; sockets: Client[] } {
  let cluster: TestCluster | undefined;
  let clip = '';
  const feeds: ChildProcess[] = [];
  const sockets: Client[] = [];
  beforeAll(async () => {
    [cluster, clip] = await Promise.all([startCluster({ edges: 2 }), generateClip({ seconds: 6, width: 320, height: 180, cameraLike: true })]);
  }, 300_000);
  afterAll(async () => {
    for (const f of feeds) f.kill('SIGINT');
    for (const s of sockets) s.disconnect();
    await cluster?.stop();
  });
  return {
    get cluster() {
      return cluster!;
    },
    get clip() {
      return clip;
    },
    feeds,
    sockets,
  };
}
