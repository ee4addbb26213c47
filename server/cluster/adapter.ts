import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import type { RedisClient } from './redis.js';

/**
 * socket.io across processes: every namespace (`/live`, `/questions`, `/civic`, `/jobs`, `/alarms`) gets the
 * Redis streams adapter, so `io.of(ns).to(channel).emit()` on any node reaches the sockets of that channel on
 * every node. Streams (XADD/XREAD) rather than plain pub/sub: a node that lost Redis for a moment reads what
 * it missed from its last offset when Redis is back (a restarted Redis without persistence starts empty).
 * Set before any namespace is used, so each is created with it.
 */
export function useRedisAdapter(io: Server, redis: RedisClient): void {
  io.adapter(createAdapter(redis, { streamName: 'nist:socket.io', channelPrefix: 'nist:socket.io', maxLen: 10_000 }));
}
