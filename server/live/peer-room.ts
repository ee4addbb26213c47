import type { PeerId } from '../../media/sfu/peer.js';
import { conflict } from '../core/errors.js';
import type { ContractSocket } from '../core/socket/ack.js';
import type { liveContract } from './live.contract.js';
import type { SessionRoom, SessionRooms, SignalingSocketData } from './room-events.js';

type PeerSocket = ContractSocket<typeof liveContract, SignalingSocketData>;

/**
 * The room a socket's peer has joined, for the handlers of the origin and of an edge alike: `current()` is
 * that room (a conflict if it has not joined), `leave()` takes the peer out of it and of its channel.
 */
export function peerRoom(socket: PeerSocket, rooms: SessionRooms, channelOf: (key: string) => string) {
  const peerId = socket.id as PeerId;
  const current = (): SessionRoom => {
    const sessionId = socket.data.peer?.sessionId;
    const room = sessionId === undefined ? undefined : rooms.get(sessionId);
    if (!room || !room.hasPeer(peerId)) throw conflict('Join a session first.');
    return room;
  };
  const leave = (): void => {
    const peer = socket.data.peer;
    if (!peer) return;
    socket.data.peer = undefined;
    void socket.leave(channelOf(peer.key));
    rooms.get(peer.sessionId)?.leave(peerId);
  };
  return { current, leave };
}

/**
 * Takes peers out of the room `key` (a worker died or the room closed): each socket forgets its peer and
 * leaves the room's channel, and is asked to join again when `rejoin`.
 */
export function detachPeers(
  socketOf: (peerId: PeerId) => PeerSocket | undefined,
  channelOf: (key: string) => string,
): (peerIds: PeerId[], key: string, rejoin: boolean) => void {
  return (peerIds, key, rejoin) => {
    for (const peerId of peerIds) {
      const socket = socketOf(peerId);
      if (!socket || socket.data.peer?.key !== key) continue;
      socket.data.peer = undefined;
      void socket.leave(channelOf(key));
      if (rejoin) socket.emit('room:rejoin', { reason: 'workerDied' });
    }
  };
}
