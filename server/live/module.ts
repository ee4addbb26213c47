import type { Server } from 'socket.io';
import type { SessionId } from '../core/ids.js';
import type { LiveMedia, LiveService } from './live.service.js';
import { liveContract } from './live.contract.js';
import { namespaceOf } from '../core/socket/ack.js';
import { registerLiveHandlers } from './live.handlers.js';
import { bridgeRoomEvents, roomChannel, roomKey, watchChannel, type SessionRooms, type SignalingServer } from './room-events.js';
import { registerSignalingHandlers, type SignalingDeps } from './signaling.handlers.js';

/** Mounts live broadcasting and meetings on `/live`: request handlers per socket, room events to sockets. */
export function attachLiveMedia(io: Server, deps: SignalingDeps): void {
  const typed: SignalingServer = namespaceOf(io, liveContract);
  bridgeRoomEvents(typed, deps.rooms, deps.live);
  followSources(deps.rooms, deps.live);
  const { live } = deps;
  // Residents (watching or in the room) hear of an interruption and of the source's return.
  live.on('sessionInterrupted', ({ sessionId, since, endsAt }) => {
    typed.to(watchChannel(sessionId)).to(roomChannel(roomKey(sessionId))).emit('session:interrupted', { sessionId, since, endsAt });
  });
  live.on('sessionResumed', ({ sessionId }) => {
    typed.to(watchChannel(sessionId)).to(roomChannel(roomKey(sessionId))).emit('session:resumed', { sessionId });
  });
  typed.on('connection', (socket) => {
    registerSignalingHandlers(socket, deps);
    registerLiveHandlers(socket, deps);
  });
}

/**
 * A broadcast's source is its producers: the last one closing (a closed studio tab, an encoder that dropped)
 * or the room closing (its last peer left, its worker died) loses it; a new producer brings it back.
 */
function followSources(rooms: SessionRooms, live: LiveService): void {
  rooms.on('roomOpened', (room, sessionId) => {
    if (room.kind !== 'broadcast') return;
    // An interpreter alone is no broadcast: only the floor's producers count.
    room.on('producerAdded', ({ track }) => {
      if (track === 'floor') live.sourceBack(sessionId);
    });
    room.on('producerClosed', () => {
      if (room.floorProducers().length === 0) live.sourceLost(sessionId);
    });
    room.once('closed', () => live.sourceLost(sessionId));
  });
}

/** A session's router and floor producers, for the live service's `sessionLive` event (the recording hook). */
export function liveMediaOf(rooms: SessionRooms, sessionId: SessionId): LiveMedia | null {
  const room = rooms.get(sessionId);
  return room && !room.closed ? { router: room.originRouter, producers: room.floorProducers() } : null;
}
