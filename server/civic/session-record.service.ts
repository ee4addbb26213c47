import type { PublicDecision } from './civic.contract.js';
import type { RecordingOverviewList } from './console.contract.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Lang, RecordingId, SessionId } from '../core/ids.js';
import { requireCan, sessionFor, type Staff } from './civic-access.js';
import { toSummary } from './sessions.service.js';
import { notFound } from '../core/errors.js';
import type { DecisionsService } from './decisions.service.js';
import { demoRecordingJob } from '../demo/demo-recording.job.js';
import { ladderJob } from '../recording/recordings.service.js';

/** Jobs that work on one recording (payload `recordingId`): the archivist sees their progress beside it. */
const recordingJobs = [ladderJob, demoRecordingJob] as const;

/** Whoever works on a session in the console: clerks, operators (marking), archivists (captions, chapters). */
const consoleActions = ['sessions.manage', 'agenda.mark', 'decisions.record', 'recordings.manage'] as const;

/** The console's reads: sessions of a body (private ones too) and one session's whole record for editing. */
export class SessionRecordService {
  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'bodies' | 'decisions' | 'documents' | 'jobs' | 'recordings' | 'sessions'>,
    private readonly decisions: DecisionsService,
  ) {}

  list(actor: Staff, bodySlug: string, page: number, lang: Lang) {
    const body = this.repos.bodies.getBySlug(bodySlug);
    if (!body) throw notFound(`There is no body "${bodySlug}".`);
    requireCan(actor, 'private.view', body.id);
    const pageSize = 50;
    const { items, total } = this.repos.sessions.list({ bodySlug, page, pageSize });
    return {
      items: items.map((row) => ({ ...toSummary(row, lang), visibility: row.visibility })),
      total,
      page,
      pageSize,
    };
  }

  /** A body's recordings for its archivists: status, renditions, caption languages and work in progress. */
  recordings(actor: Staff, bodySlug: string, page: number): RecordingOverviewList {
    const body = this.repos.bodies.getBySlug(bodySlug);
    if (!body) throw notFound(`There is no body "${bodySlug}".`);
    requireCan(actor, 'recordings.manage', body.id);
    const pageSize = 50;
    const { items, total } = this.repos.recordings.listByBody(body.id, page, pageSize);
    return {
      items: items.map((r) => {
        const job = recordingJobs.map((kind) => this.repos.jobs.findActive(kind, 'recordingId', r.id)).find(Boolean);
        return {
          id: r.id,
          status: r.status,
          reason: r.reason,
          durationSec: r.durationSec,
          startedAt: r.startedAt,
          session: r.session,
          renditions: this.repos.recordings.renditions(r.id).map(({ height, bandwidth }) => ({ height, bandwidth })),
          captions: this.repos.recordings.captions(r.id).map((c) => c.lang),
          chapters: this.repos.recordings.chapters(r.id).length,
          job: job && (job.status === 'queued' || job.status === 'running')
            ? { id: job.id, kind: job.kind, status: job.status, percent: Math.round(job.progress * 1000) / 10 }
            : null,
        };
      }),
      total,
      page,
      pageSize,
    };
  }

  detail(actor: Staff, id: SessionId, lang: Lang) {
    const session = sessionFor(this.repos, actor, id, consoleActions);
    const row = this.repos.sessions.getListRow(id)!;
    const recordingId = row.recording?.id as RecordingId | undefined;
    const chapters = new Map((recordingId ? this.repos.recordings.chapters(recordingId) : []).map((c) => [c.agendaItemId as number, c]));
    const decisions: PublicDecision[] = this.repos.decisions
      .listBySession(id)
      .map((d) => this.decisions.toPublic({ ...d, sessionId: id }));
    return {
      ...toSummary(row, lang),
      bodyId: session.bodyId,
      visibility: session.visibility,
      currentAgendaItemId: this.repos.sessions.currentAgendaItem(id),
      agenda: this.repos.agenda.listBySession(id).map((a) => ({
        id: a.id,
        position: a.position,
        number: a.number,
        title: a.title,
        description: a.description,
        presenter: a.presenter,
        startSec: chapters.get(a.id)?.startSec ?? null,
        endSec: chapters.get(a.id)?.endSec ?? null,
      })),
      decisions,
      roll: this.decisions.rollOf(session).map((m) => ({ id: m.id, name: m.name, role: m.role })),
      documents: this.repos.documents.listBySession(id).map((d) => ({ ...d, url: `/api/documents/${d.id}` })),
      recordingId: recordingId ?? null,
      captions: recordingId ? this.repos.recordings.captions(recordingId).map((c) => ({ lang: c.lang, url: `/recordings/${c.vttPath}` })) : [],
    };
  }
}
