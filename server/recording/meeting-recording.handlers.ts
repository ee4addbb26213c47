import type { Server } from 'socket.io';
import type { PeerId } from '../../media/sfu/peer.js';
import { liveContract } from '../live/live.contract.js';
import { conflict, DomainError, forbidden } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { RecordingsService } from './recordings.service.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import { roomChannel, roomKey, type SessionRooms, type SignalingServer } from '../live/room-events.js';

export type MeetingRecordingDeps = {
  rooms: SessionRooms;
  /** Null when the server cannot record (no usable ffmpeg). */
  recordings: RecordingsService | null;
  log: Logger;
};

/**
 * meeting:record: only the meeting's host starts or stops its recording. Everyone in the meeting is told
 * (`meeting:recording`) on every change, and each participant when they join, so the page can show that
 * the meeting is being recorded.
 */
export function attachMeetingRecording(io: Server, deps: MeetingRecordingDeps): void {
  const typed: SignalingServer = namespaceOf(io, liveContract);
  const { rooms, recordings } = deps;

  recordings?.on('meetingRecording', ({ sessionId, recording, by }) => {
    typed.to(roomChannel(roomKey(sessionId))).emit('meeting:recording', { sessionId, recording, by });
  });
  rooms.on('roomOpened', (room, sessionId) => {
    if (room.kind !== 'meeting') return;
    room.on('peerJoined', ({ peerId }) => {
      typed.to(peerId).emit('meeting:recording', { sessionId, recording: recordings?.isRecording(sessionId) ?? false, by: null });
    });
  });

  typed.on('connection', (socket) => {
    const s = socket;
    const log = deps.log.child({ peerId: s.id });
    const on = contractRegistrar(liveContract, s, log);
    on('meeting:record', async (req) => {
      const me = s.data.peer;
      const room = me ? rooms.get(me.sessionId) : undefined;
      if (!me || !room || room.kind !== 'meeting' || !room.hasPeer(s.id as PeerId) || me.sessionId !== req.sessionId) {
        throw conflict('Join the meeting first.');
      }
      if (!me.host) throw forbidden('Only the host can start or stop the recording.');
      if (!recordings) throw new DomainError('unavailable', 503, 'Recording is off on this server: ffmpeg is not usable.');
      const recording = await recordings.setMeetingRecording(
        me.sessionId,
        { router: room.originRouter, producers: room.producers() },
        req.record,
        me.displayName,
      );
      return { recording };
    });
  });
}
