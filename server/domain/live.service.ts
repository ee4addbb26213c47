import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import type { Repositories } from '../storage/repositories.js';
import type { Session } from '../storage/sessions.repository.js';
import { conflict, notFound } from './errors.js';
import type { BodyId, SessionId } from './ids.js';
import { recordingsUrlPrefix } from './sessions.service.js';

/** What a recorder needs of a live session: the router its producers live on, and those producers. */
export type LiveMedia = { router: types.Router; producers: types.Producer[] };

type LiveEvents = {
  /** The hook for recording: `live.on('sessionLive', ({ sessionId, media }) => recordings.onSessionLive(...))`. */
  sessionLive: [{ sessionId: SessionId; bodyId: BodyId; media: LiveMedia | null }];
  sessionEnded: [{ sessionId: SessionId; bodyId: BodyId; recordingUrl: string | null }];
};

/** A session's broadcast state in SQLite: scheduled → live → ended, with events for every change. */
export class LiveService extends EventEmitter<LiveEvents> {
  constructor(
    private readonly repos: Repositories,
    private readonly mediaOf: (sessionId: SessionId) => LiveMedia | null,
    private readonly log: Logger,
  ) {
    super();
  }

  session(id: SessionId): Session {
    const session = this.repos.sessions.get(id);
    if (!session) throw notFound(`There is no session with id ${id}.`);
    return session;
  }

  /** scheduled → live; going live again while live changes nothing. */
  goLive(id: SessionId): Session {
    const session = this.session(id);
    if (session.status === 'ended') throw conflict('This session has ended; it cannot go live again.');
    if (session.status === 'live') return session;
    this.repos.sessions.setStatus(id, 'live');
    this.log.info({ sessionId: id }, 'session live');
    this.emit('sessionLive', { sessionId: id, bodyId: session.bodyId, media: this.mediaOf(id) });
    return { ...session, status: 'live' };
  }

  /** live → ended (a scheduled meeting may also end without having started). */
  end(id: SessionId): Session {
    const session = this.session(id);
    if (session.status === 'ended') return session;
    if (session.status === 'scheduled' && session.kind === 'council') {
      throw conflict('This session has not gone live; there is nothing to end.');
    }
    this.repos.sessions.setStatus(id, 'ended');
    this.log.info({ sessionId: id }, 'session ended');
    this.emit('sessionEnded', { sessionId: id, bodyId: session.bodyId, recordingUrl: this.recordingUrl(id) });
    return { ...session, status: 'ended' };
  }

  recordingUrl(id: SessionId): string | null {
    const recording = this.repos.sessions.getListRow(id)?.recording;
    return recording ? `${recordingsUrlPrefix}/${recording.hlsPath}` : null;
  }
}
