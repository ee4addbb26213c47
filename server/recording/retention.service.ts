import { can } from '../accounts/authorization.js';
import type { AuditLog } from '../accounts/audit-log.js';
import { requireCan, type Staff } from '../civic/civic-access.js';
import type { RepositoriesOf } from '../core/repositories.js';
import { forbidden, notFound } from '../core/errors.js';
import type { RecordingId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { RecordingStore } from './recording-store.js';
import type { RecordingHold, ScheduledDeletion, ScheduledDeletionList, SweepResult } from './retention.contract.js';
import type { DueRecording, RetentionRepository } from './retention.repository.js';

const dayMs = 86_400_000;
/** The sweep acts on its own (a rule an admin set), not for an account. */
const system = { accountId: null };

const toScheduled = (r: DueRecording): ScheduledDeletion => ({
  recordingId: r.id,
  startedAt: r.startedAt,
  durationSec: r.durationSec,
  dueAt: r.dueAt,
  retentionDays: r.retentionDays,
  session: { id: r.sessionId, ...r.session },
  body: { id: r.bodyId, ...r.body },
  hold: r.hold,
});

/**
 * Retention of recordings: each body's rule deletes the recordings of its private sessions and meetings a
 * number of days after they were made, unless held. Archivists see what is due and hold or release it;
 * the sweep (hourly, at start, and on an admin's request) deletes what is due.
 */
export class RetentionService {
  private sweeping: Promise<SweepResult> | null = null;

  constructor(
    private readonly repos: RepositoriesOf<'db' | 'recordings' | 'sessions' | 'search'>,
    private readonly retention: RetentionRepository,
    private readonly store: Pick<RecordingStore, 'deleteSession'>,
    private readonly trail: AuditLog,
    private readonly log: Logger,
  ) {}

  /** What the rules delete within `days` (overdue included) in the bodies whose recordings the actor manages. */
  scheduled(actor: Staff, days: number): ScheduledDeletionList {
    const until = new Date(Date.now() + days * dayMs).toISOString();
    const items = this.retention
      .dueBy(until)
      .filter((r) => can(actor, 'recordings.manage', r.bodyId))
      .map(toScheduled);
    return { days, items };
  }

  hold(actor: Staff, id: RecordingId): RecordingHold {
    const recording = this.recordingFor(actor, id);
    return this.repos.db.transaction(() => {
      if (this.retention.hold(id, actor.accountId, new Date().toISOString())) {
        this.trail.record(actor, 'recording.hold', `recording:${id}`, { sessionId: recording.sessionId });
      }
      return { recordingId: id, ...this.retention.getHold(id)! };
    })();
  }

  /** Releasing a recording that is not held changes nothing (and writes nothing to the audit log). */
  release(actor: Staff, id: RecordingId): void {
    const recording = this.recordingFor(actor, id);
    this.repos.db.transaction(() => {
      if (this.retention.release(id)) this.trail.record(actor, 'recording.release', `recording:${id}`, { sessionId: recording.sessionId });
    })();
  }

  /** An admin's sweep now (all bodies' rule setters only: it acts on every body). */
  sweepFor(actor: Staff): Promise<SweepResult> {
    requireCan(actor, 'retention.set');
    return this.sweep();
  }

  /** One sweep at a time: a second call while one runs gets the running one's result. */
  sweep(): Promise<SweepResult> {
    this.sweeping ??= this.run().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  /** Resolves when no sweep is running (before the database closes). */
  async idle(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
  }

  private async run(): Promise<SweepResult> {
    await this.payOwedFiles();
    const now = new Date().toISOString();
    const deleted: SweepResult['deleted'] = [];
    for (const due of this.retention.dueBy(now)) {
      if (due.hold) continue;
      if (!this.deleteRows(due.id, now)) continue;
      deleted.push({ recordingId: due.id, sessionId: due.sessionId });
      await this.payOwedFiles();
    }
    if (deleted.length > 0) this.log.info({ deleted: deleted.length, filesPending: this.retention.owedCount() }, 'retention sweep deleted recordings');
    return { deleted, filesPending: this.retention.owedCount() };
  }

  /**
   * One transaction per recording: its rows (renditions, captions, chapters, stored objects, by cascade), its
   * search rows and an audit entry, and a note that its files are owed a deletion. The files go after the
   * rows commit, never before: a resident or the player could otherwise find a recording whose files are
   * gone. Files without rows are reachable by nothing, and the note keeps them from being forgotten when a
   * deletion fails (the store is down): the next sweep tries again. Read again here, since an archivist may
   * have held it (or a job started on it) since the sweep listed it.
   */
  private deleteRows(id: RecordingId, now: string): boolean {
    return this.repos.db.transaction(() => {
      const due = this.retention.dueOne(id, now);
      if (!due || due.hold) return false;
      for (const chapter of this.repos.recordings.chapters(id)) this.repos.search.setStart('agenda', chapter.agendaItemId, null);
      this.repos.search.removeRecordingCaptions(id);
      // The session's folder holds all its recordings: it goes with the last of them.
      if (this.retention.otherRecordings(due.sessionId, id) === 0) this.retention.owe(due.sessionId, id, now);
      this.retention.deleteRecording(id);
      this.trail.record(system, 'recording.retention_delete', `recording:${id}`, {
        sessionId: due.sessionId,
        bodyId: due.bodyId,
        rule: `body:${due.bodyId} retentionDays=${due.retentionDays}`,
        startedAt: due.startedAt,
        dueAt: due.dueAt,
      });
      return true;
    })();
  }

  private async payOwedFiles(): Promise<void> {
    for (const owed of this.retention.owed()) {
      try {
        await this.store.deleteSession(owed.sessionId);
        this.retention.paid(owed.sessionId);
      } catch (error) {
        const message = (error as Error).message;
        this.retention.failed(owed.sessionId, message);
        this.log.warn({ sessionId: owed.sessionId, recordingId: owed.recordingId, attempts: owed.attempts + 1, err: message }, 'retention: deleting recording files failed; retried at the next sweep');
      }
    }
  }

  /** The recording, if the actor may hold it: recordings.manage for its session's body. */
  private recordingFor(actor: Staff, id: RecordingId) {
    const recording = this.repos.recordings.get(id);
    const session = recording && this.repos.sessions.get(recording.sessionId);
    if (!recording || !session || (session.visibility === 'private' && !can(actor, 'private.view', session.bodyId))) {
      throw notFound(`There is no recording with id ${id}.`);
    }
    if (!can(actor, 'recordings.manage', session.bodyId)) throw forbidden('Your roles do not allow this (recordings.manage).');
    return recording;
  }
}
