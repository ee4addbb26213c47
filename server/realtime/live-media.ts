import type { Server } from 'socket.io';
import type { RoomRegistry } from '../../media/sfu/room-registry.js';
import type { SessionId } from '../domain/ids.js';
import type { LiveMedia } from '../domain/live.service.js';
import { registerLiveHandlers } from './live.handlers.js';
import { bridgeRoomEvents, roomKey, type SignalingServer } from './room-events.js';
import { registerSignalingHandlers, type SignalingDeps } from './signaling.handlers.js';

/** Mounts live broadcasting and meetings on socket.io: request handlers per socket, room events to sockets. */
export function attachLiveMedia(io: Server, deps: SignalingDeps): void {
  const typed = io as unknown as SignalingServer;
  bridgeRoomEvents(typed, deps.rooms, deps.live);
  typed.on('connection', (socket) => {
    registerSignalingHandlers(socket as never, deps);
    registerLiveHandlers(socket as never, deps);
  });
}

/** A session's router and producers, for the live service's `sessionLive` event (the recording hook). */
export function liveMediaOf(rooms: RoomRegistry, sessionId: SessionId): LiveMedia | null {
  const room = rooms.get(roomKey(sessionId));
  return room && !room.closed ? { router: room.originRouter, producers: room.producers() } : null;
}
