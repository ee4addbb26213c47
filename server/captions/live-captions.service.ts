import { EventEmitter } from 'node:events';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Session } from '../civic/sessions.repository.js';
import { can, type Principal } from '../accounts/authorization.js';
import { conflict, forbidden, notFound, unauthorized } from '../core/errors.js';
import type { AccountId, Lang, RecordingId, SessionId } from '../core/ids.js';
import { correctionWindowMs, type CaptionCue, type SentCue } from './live-captions.contract.js';
import type { LiveCue } from './live-captions.repository.js';
import { closingEnd, linesToWebVtt } from './live-rendition.js';

/** Seconds into the live recording of a session right now, as the recorder counts them (null: not recording). */
export type OffsetSource = (sessionId: SessionId) => number | null;
/** Where the lines of a language go at the session's end: the recording's caption track (captions.service). */
export type TrackWriter = (recordingId: RecordingId, lang: Lang, vtt: string) => 'written' | 'kept';

/** How many lines a late joiner gets. */
export const recentLines = 20;

type Events = { cue: [CaptionCue] };

/**
 * Live caption lines: typed by captioners and clerks while a session is live, timed on the recording's
 * timeline (the recorder's offset, as chapters are), kept in SQLite for late joiners and the HLS rendition,
 * and at the session's end written as the recording's caption track of each language.
 */
export class LiveCaptionsService extends EventEmitter<Events> {
  constructor(
    private readonly repos: RepositoriesOf<'db' | 'sessions' | 'recordings' | 'liveCaptions'>,
    private readonly offsetOf: OffsetSource,
    private readonly writeTrack: TrackWriter,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** The session's recent lines, for whoever may see the session. */
  recent(principal: Principal, sessionId: SessionId): CaptionCue[] {
    this.visible(principal, sessionId);
    return this.repos.liveCaptions.recent(sessionId, recentLines).map(toCue);
  }

  send(principal: Principal, req: { sessionId: number; lang: Lang; text: string }): SentCue {
    const { session, accountId } = this.captioning(principal, req.sessionId as SessionId);
    const recording = this.repos.recordings.findRecording(session.id);
    const startSec = this.offset(session.id, recording?.startedAt);
    const sentAt = new Date(this.now()).toISOString();
    const cue = this.repos.db.transaction(() => {
      const open = this.repos.liveCaptions.open(session.id, req.lang);
      if (open) this.repos.liveCaptions.setEnd(open.id, closingEnd(open.startSec, startSec));
      return this.repos.liveCaptions.insert({
        sessionId: session.id,
        recordingId: recording?.id ?? null,
        lang: req.lang,
        startSec: Math.max(startSec, open?.startSec ?? 0),
        text: req.text,
        authorId: accountId,
        sentAt,
      });
    })();
    this.log.info({ sessionId: session.id, cueId: cue.id, lang: cue.lang, startSec: cue.startSec }, 'caption line sent');
    this.emit('cue', toCue(cue));
    return sent(cue);
  }

  /** The sender's correction of a line, within `correctionWindowMs` of sending it. */
  correct(principal: Principal, req: { sessionId: number; cueId: number; text: string }): SentCue {
    const { session, accountId } = this.captioning(principal, req.sessionId as SessionId);
    const cue = this.repos.liveCaptions.get(req.cueId);
    if (!cue || cue.sessionId !== session.id) throw notFound(`There is no caption line ${req.cueId} in this session.`);
    if (cue.authorId !== accountId) throw forbidden('Only the person who sent a line can correct it.');
    if (this.now() - Date.parse(cue.sentAt) > correctionWindowMs) {
      throw conflict(`A line can be corrected only within ${correctionWindowMs / 1000} seconds of sending it; send a new line instead.`);
    }
    this.repos.liveCaptions.setText(cue.id, req.text, new Date(this.now()).toISOString());
    const changed = { ...cue, text: req.text };
    this.emit('cue', { ...toCue(changed), replaced: true });
    return sent(changed);
  }

  /**
   * The session ended: each language's lines become the caption track of the recording that timed them
   * (a track an archivist already put there is kept). Lines of a session without a recording stay here.
   */
  sessionEnded(sessionId: SessionId): void {
    for (const lang of ['hy', 'en', 'ru'] as const) {
      const lines = this.repos.liveCaptions.all(sessionId, lang);
      const byRecording = new Map<RecordingId, LiveCue[]>();
      for (const l of lines) {
        if (l.recordingId === null) continue;
        const list = byRecording.get(l.recordingId) ?? [];
        list.push(l);
        byRecording.set(l.recordingId, list);
      }
      for (const [recordingId, cues] of byRecording) {
        try {
          const outcome = this.writeTrack(recordingId, lang, linesToWebVtt(cues));
          this.log.info({ sessionId, recordingId, lang, cues: cues.length, outcome }, 'live captions became the recording track');
        } catch (err) {
          this.log.error({ err, sessionId, recordingId, lang }, 'live captions not written to the recording');
        }
      }
    }
  }

  private visible(principal: Principal, id: SessionId): Session {
    const session = this.repos.sessions.get(id);
    const hidden = session?.visibility === 'private' && !can(principal, 'private.view', session.bodyId) && !can(principal, 'captions.live', session.bodyId);
    if (!session || hidden) throw notFound(`There is no session with id ${id}.`);
    return session;
  }

  private captioning(principal: Principal, id: SessionId): { session: Session; accountId: AccountId } {
    if (principal.kind !== 'account') throw unauthorized('Log in as a captioner or clerk to send live captions.');
    const session = this.visible(principal, id);
    if (!can(principal, 'captions.live', session.bodyId)) throw forbidden('Only a captioner or clerk of this body can send live captions.');
    if (session.status !== 'live') throw conflict('The session is not live: live captions are sent while it is on air.');
    return { session, accountId: principal.accountId };
  }

  /**
   * The line's time: the recorder's offset; without a recorder in this process, the wall clock since the
   * recording started; without a recording, since the session's first line.
   */
  private offset(sessionId: SessionId, recordingStartedAt: string | undefined): number {
    const fromRecorder = this.offsetOf(sessionId);
    if (fromRecorder !== null) return round(fromRecorder);
    const origin = recordingStartedAt ?? this.repos.liveCaptions.firstSentAt(sessionId);
    return origin ? round(Math.max(0, (this.now() - Date.parse(origin)) / 1000)) : 0;
  }
}

const round = (sec: number) => Math.round(sec * 1000) / 1000;

function toCue(c: LiveCue): CaptionCue {
  return { cueId: c.id, sessionId: c.sessionId, lang: c.lang, text: c.text, startSec: c.startSec, ...(c.endSec !== null ? { endSec: c.endSec } : {}) };
}

function sent(c: LiveCue): SentCue {
  return { ...toCue(c), sentAt: c.sentAt, correctableUntil: new Date(Date.parse(c.sentAt) + correctionWindowMs).toISOString() };
}
