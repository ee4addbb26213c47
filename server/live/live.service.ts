import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Session } from '../civic/sessions.repository.js';
import { conflict, notFound } from '../core/errors.js';
import type { BodyId, SessionId } from '../core/ids.js';
import { recordingsUrlPrefix } from '../civic/sessions.service.js';

/** What a recorder needs of a live session: the router its producers live on, and those producers. */
export type LiveMedia = { router: types.Router; producers: types.Producer[] };

/** A live session waiting for its lost source: since when, and when it ends by itself if none returns. */
export type Interruption = { since: string; endsAt: string };

type LiveEvents = {
  /** The hook for recording: `live.on('sessionLive', ({ sessionId, media }) => recordings.onSessionLive(...))`. */
  sessionLive: [{ sessionId: SessionId; bodyId: BodyId; media: LiveMedia | null }];
  sessionEnded: [{ sessionId: SessionId; bodyId: BodyId; recordingUrl: string | null }];
  /** The live session's source is gone; it ends by itself at `endsAt` unless a source returns. */
  sessionInterrupted: [{ sessionId: SessionId; bodyId: BodyId } & Interruption];
  /** A source is back on air after an interruption. */
  sessionResumed: [{ sessionId: SessionId; bodyId: BodyId }];
};

export type LiveOptions = {
  /** How long a live session waits for its lost source before it ends by itself (LIVE_RESUME_GRACE_SEC). */
  resumeGraceMs: number;
};

/**
 * A session's broadcast state in SQLite: scheduled → live → ended, with events for every change.
 *
 * One rule for a lost source, whatever lost it (a closed studio tab, an encoder that dropped, a server
 * restart): a live council session whose room has no producer left is interrupted; residents are told, and
 * any source of the session's operators resumes it (the recording continues after a marked gap). If none
 * comes back within the grace, the session ends as the studio's End button ends it. The time of the
 * interruption is kept in the database, so a restart does not start the grace again.
 */
export class LiveService extends EventEmitter<LiveEvents> {
  private readonly graceTimers = new Map<SessionId, NodeJS.Timeout>();

  constructor(
    private readonly repos: RepositoriesOf<'db' | 'sessions'>,
    private readonly mediaOf: (sessionId: SessionId) => LiveMedia | null,
    private readonly log: Logger,
    private readonly options: LiveOptions = { resumeGraceMs: 600_000 },
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
    this.clearGrace(id);
    this.repos.db.transaction(() => {
      this.repos.sessions.setStatus(id, 'ended');
      this.repos.sessions.setInterruptedAt(id, null);
    })();
    this.log.info({ sessionId: id }, 'session ended');
    this.emit('sessionEnded', { sessionId: id, bodyId: session.bodyId, recordingUrl: this.recordingUrl(id) });
    return { ...session, status: 'ended' };
  }

  recordingUrl(id: SessionId): string | null {
    const recording = this.repos.sessions.getListRow(id)?.recording;
    return recording ? `${recordingsUrlPrefix}/${recording.hlsPath}` : null;
  }

  /** The live session's interruption, or null while it has a source (or is not live). */
  interruption(id: SessionId): Interruption | null {
    const since = this.repos.sessions.interruptedAt(id);
    return since ? { since, endsAt: new Date(Date.parse(since) + this.options.resumeGraceMs).toISOString() } : null;
  }

  /** The live council session has no source left (its last producer closed, its room closed, a restart). */
  sourceLost(id: SessionId): void {
    const session = this.repos.sessions.get(id);
    if (session?.status !== 'live' || session.kind !== 'council' || this.graceTimers.has(id)) return;
    if (!this.repos.sessions.interruptedAt(id)) this.repos.sessions.setInterruptedAt(id, new Date().toISOString());
    const interruption = this.interruption(id)!;
    const delayMs = Math.max(0, Date.parse(interruption.endsAt) - Date.now());
    this.graceTimers.set(id, setTimeout(() => this.graceOver(id), delayMs));
    this.log.warn({ sessionId: id, ...interruption }, 'session interrupted: its source is gone');
    this.emit('sessionInterrupted', { sessionId: id, bodyId: session.bodyId, ...interruption });
  }

  /** A producer is on air in the session's room: an interruption is over. */
  sourceBack(id: SessionId): void {
    const waiting = this.clearGrace(id);
    if (!waiting && !this.repos.sessions.interruptedAt(id)) return;
    this.repos.sessions.setInterruptedAt(id, null);
    const session = this.repos.sessions.get(id);
    if (session?.status !== 'live') return;
    this.log.info({ sessionId: id }, 'session resumed: a source is back');
    this.emit('sessionResumed', { sessionId: id, bodyId: session.bodyId });
  }

  /**
   * At start: no media survives a restart, so every live council session is interrupted. One interrupted
   * before keeps its time, and ends at once if its grace ran out while the server was down.
   */
  recoverInterrupted(): void {
    for (const session of this.repos.sessions.listLive()) {
      if (session.kind === 'council' && !this.mediaOf(session.id)?.producers.length) this.sourceLost(session.id);
    }
  }

  /** Shutdown: the timers stop; the interruptions stay in the database for the next start. */
  stop(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  private clearGrace(id: SessionId): boolean {
    const timer = this.graceTimers.get(id);
    if (timer) clearTimeout(timer);
    return this.graceTimers.delete(id);
  }

  private graceOver(id: SessionId): void {
    this.graceTimers.delete(id);
    if (this.repos.sessions.get(id)?.status !== 'live') return;
    this.log.warn({ sessionId: id, graceSec: this.options.resumeGraceMs / 1000 }, 'no source returned within the grace; the session ends');
    this.end(id);
  }
}
