import type { PeerId } from '../../media/sfu/peer.js';
import type { ContractSocket } from '../core/socket/ack.js';
import type { liveContract } from '../live/live.contract.js';
import type { SessionRooms, SignalingServer, SignalingSocketData } from '../live/room-events.js';
import { detachPeers } from '../live/peer-room.js';

/**
 * The channel of an edge's own room. Not the origin's `room:session:<id>`: with the Redis adapter a channel
 * spans every node, and the origin's producer ids mean nothing on an edge (nor the edge's on the origin).
 */
export const edgeRoomChannel = (key: string) => `edge-room:${key}`;

const viewerCountIntervalMs = 1000;

/**
 * The edge's room events to its viewers, sent on this node only (`local`). Session events (live, ended,
 * interrupted) come from the origin through the adapter to the sockets watching the session.
 */
export function bridgeEdgeRoomEvents(io: SignalingServer, rooms: SessionRooms): void {
  const local = () => io.local;
  const socketOf = (peerId: PeerId): ContractSocket<typeof liveContract, SignalingSocketData> | undefined => io.sockets.get(peerId);
  const detach = detachPeers(socketOf, edgeRoomChannel);

  rooms.on('roomOpened', (room) => {
    const channel = edgeRoomChannel(room.key);
    let countTimer: NodeJS.Timeout | undefined;
    room.on('producerAdded', (info) => local().to(channel).emit('producer:added', info));
    room.on('producerClosed', ({ producerId }) => local().to(channel).emit('producer:closed', { producerId }));
    room.on('producerPaused', ({ producerId, paused }) => local().to(channel).emit('producer:paused', { producerId, paused }));
    room.on('consumerClosed', (peerId, consumerId) => socketOf(peerId)?.emit('consumer:closed', { consumerId }));
    room.on('consumerLayersChanged', (peerId, consumerId, layers) =>
      socketOf(peerId)?.emit('consumer:layers-changed', { consumerId, spatialLayer: layers?.spatialLayer ?? null, temporalLayer: layers?.temporalLayer ?? null }),
    );
    room.on('viewersChanged', () => {
      countTimer ??= setTimeout(() => {
        countTimer = undefined;
        if (!room.closed) local().to(channel).emit('room:viewers-changed', { count: room.viewerCount });
      }, viewerCountIntervalMs);
    });
    room.on('peersEvicted', (peerIds) => detach(peerIds, room.key, true));
    room.once('closed', (reason, peerIds) => {
      clearTimeout(countTimer);
      detach(peerIds, room.key, reason === 'workerDied');
    });
  });
}
