import type { AgendaActivated } from './civic.contract.js';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { AuditLog } from '../accounts/audit-log.js';
import type { Recording } from '../recording/recordings.repository.js';
import type { ChapterInput, ChaptersService } from './chapters.service.js';
import type { CivicEvents } from './civic-events.js';
import { sessionFor, type Staff } from './civic-access.js';
import { conflict, invalidField, notFound } from '../core/errors.js';
import type { AgendaItemId, RecordingId, SessionId } from '../core/ids.js';

/** Seconds into the live recording of a session right now, as the recorder counts them (null: not recording). */
export type OffsetSource = (sessionId: SessionId) => number | null;

/**
 * "Now discussing item N": the chapter starts at the recorder's current offset, the session remembers its
 * current item, and viewers hear of it at once. After the session, clerks and archivists move chapters on
 * the timeline.
 */
export class LiveAgendaService {
  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'db' | 'recordings' | 'sessions'>,
    private readonly trail: AuditLog,
    private readonly chapters: ChaptersService,
    private readonly events: CivicEvents,
    private readonly offsetOf: OffsetSource,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  activate(actor: Staff, sessionId: SessionId, itemId: AgendaItemId | null): AgendaActivated {
    const session = sessionFor(this.repos, actor, sessionId, 'agenda.mark');
    if (session.status !== 'live') throw conflict('The session is not live; chapters of a recording are moved on its timeline.');
    if (itemId !== null && this.repos.agenda.get(itemId)?.sessionId !== sessionId) {
      throw invalidField('agendaItemId', `Agenda item ${itemId} is not on this session's agenda.`);
    }
    const recording = this.repos.recordings.findRecording(sessionId);
    const startSec = recording ? this.offset(sessionId, recording) : null;
    const event = { sessionId, agendaItemId: itemId, startSec };
    this.repos.db.transaction(() => {
      this.repos.sessions.setCurrentAgendaItem(sessionId, itemId);
      if (recording && startSec !== null) this.chapters.mark(recording.id, itemId, startSec);
      this.trail.record(actor, 'agenda.activate', `session:${sessionId}`, { agendaItemId: itemId, startSec });
    })();
    this.events.emit('agendaActivated', event);
    return event;
  }

  /** The chapters of a recording, replaced as a whole from the timeline editor. */
  setChapters(actor: Staff, recordingId: RecordingId, chapters: readonly ChapterInput[]) {
    const recording = this.repos.recordings.get(recordingId);
    if (!recording) throw notFound(`There is no recording with id ${recordingId}.`);
    sessionFor(this.repos, actor, recording.sessionId, ['sessions.manage', 'recordings.manage']);
    return this.repos.db.transaction(() => {
      const saved = this.chapters.replace(recordingId, chapters);
      this.trail.record(actor, 'chapters.update', `recording:${recordingId}`, { chapters: saved.length });
      return saved;
    })();
  }

  /**
   * The recorder's own count of recorded seconds. If the recorder is not in this process (it failed to
   * start, or the server restarted mid-session), the wall-clock time since the recording started.
   */
  private offset(sessionId: SessionId, recording: Recording): number {
    const fromRecorder = this.offsetOf(sessionId);
    if (fromRecorder !== null) return round(fromRecorder);
    this.log.warn({ sessionId, recordingId: recording.id }, 'no recorder offset; chapter placed by wall clock');
    return round(Math.max(0, (this.now() - Date.parse(recording.startedAt)) / 1000));
  }
}

const round = (sec: number) => Math.round(sec * 1000) / 1000;
