import { createClient } from 'redis';
import type { Logger } from '../core/logger.js';

function newClient(url: string, name: string) {
  return createClient({
    url,
    name: `nist-${name}`,
    socket: { reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), 1000), connectTimeout: 5000 },
  });
}
export type RedisClient = ReturnType<typeof newClient>;

/** How long a start waits for Redis before it gives up, naming REDIS_URL. */
const connectTimeoutMs = 5000;

/**
 * A Redis connection that keeps coming back: after a Redis restart node-redis reconnects (every 0.2–1 s) and
 * re-subscribes its channels. Errors are logged once per outage, not once per retry.
 */
export async function connectRedis(url: string, log: Logger, name: string): Promise<RedisClient> {
  const client = newClient(url, name);
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message, connection: name }, 'Redis connection lost; reconnecting');
  });
  client.on('ready', () => {
    if (down) log.info({ connection: name }, 'Redis connection back');
    down = false;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL (${redacted(url)}) did not answer within ${connectTimeoutMs / 1000} s.`)), connectTimeoutMs);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** A second connection for subscriptions (a subscribed connection runs no other commands). */
export async function duplicateConnection(client: RedisClient, log: Logger, name: string): Promise<RedisClient> {
  const sub = client.duplicate({ name: `nist-${name}` });
  let down = false;
  sub.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log.warn({ err: err.message, connection: name }, 'Redis connection lost; reconnecting');
  });
  sub.on('ready', () => {
    down = false;
  });
  await sub.connect();
  return sub;
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an invalid URL';
  }
}

export async function closeRedis(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) return void client.destroy();
  await withinMs(client.close(), 1000).catch(() => undefined);
  if (client.isOpen) client.destroy();
}

/** A command that may wait in node-redis's offline queue while Redis is away: give up after `ms`. */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
