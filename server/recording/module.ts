import type { LiveService } from '../live/live.service.js';
import type { SessionRooms } from '../live/room-events.js';
import type { Logger } from '../core/logger.js';
import type { RecordingsService } from './recordings.service.js';
import type { SessionId } from '../core/ids.js';
import type { TrackOf } from '../../media/recording/track-recorder.js';

/**
 * The recorder's wiring to the live plane, in one place: the live service's session events and the room
 * registry's typed room events (each carries the session id) go straight to the recordings service.
 */
export function wireRecorder(rooms: SessionRooms, live: LiveService, recordings: RecordingsService, log: Logger): void {
  // Interpreters' tracks are recorded beside the floor (issue 16): those on air when the recording starts too.
  const recordTracks = (sessionId: SessionId) => {
    const room = rooms.get(sessionId);
    if (!room) return;
    for (const info of room.producerList()) {
      const producer = info.track === 'floor' ? undefined : room.producers().find((p) => p.id === info.producerId);
      const track: TrackOf | null = info.track === 'sign' ? { kind: 'sign' } : info.track === 'interpretation' && info.lang ? { kind: 'interpretation', lang: info.lang } : null;
      if (!producer || !track) continue;
      recordings
        .onTrackProducer(sessionId, room.originRouter, producer, track)
        .catch((err: unknown) => log.error({ err, sessionId }, 'interpreter track not recorded'));
    }
  };
  live.on('sessionLive', ({ sessionId, media }) => {
    if (!media) return;
    recordings
      .onSessionLive(sessionId, media.router, media.producers)
      .then(() => recordTracks(sessionId))
      .catch((err: unknown) => log.error({ err, sessionId }, 'recording did not start'));
  });
  live.on('sessionEnded', ({ sessionId }) => {
    recordings.onSessionEnded(sessionId).catch((err: unknown) => log.error({ err, sessionId }, 'recording did not finalize'));
  });
  // While the source is lost the recording is `interrupted`; it continues when a source returns.
  live.on('sessionInterrupted', ({ sessionId }) => recordings.onSourceLost(sessionId));
  live.on('sessionResumed', ({ sessionId }) => recordings.onSourceBack(sessionId));
  // Producers arriving later (second camera, screen, after a restart) join or resume the recording.
  rooms.on('roomOpened', (room, sessionId) => {
    // The recording is the floor: interpreters' audio and sign language are not mixed into it, but kept as tracks.
    room.on('producerAdded', ({ producerId, track }) => {
      if (track !== 'floor') return recordTracks(sessionId);
      const producer = room.floorProducers().find((p) => p.id === producerId);
      if (!producer) return;
      recordings
        .onProducerAdded(sessionId, room.originRouter, producer, () => room.floorProducers())
        .then(() => recordTracks(sessionId))
        .catch((err: unknown) => log.error({ err, sessionId }, 'recording did not take the new producer'));
    });
    // The recording shows the active speaker's camera large.
    room.on('dominantSpeaker', (peerId) => {
      const video = room.producerList().find((p) => p.peerId === peerId && p.kind === 'video' && p.source === 'camera');
      if (video) recordings.onActiveSpeaker(sessionId, video.producerId);
    });
  });
}
