import type { ListSessionsQuery, SessionDetail, SessionList, SessionSummary, SessionTracks } from './sessions.contract.js';
import { trackName } from '../recording/track-playlists.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { SessionListRow } from './sessions.repository.js';
import type { Lang, RecordingId, SessionId } from '../core/ids.js';
import { notFound } from '../core/errors.js';

/** URL under which the recordings folder is served. */
export const recordingsUrlPrefix = '/recordings';

const recordingUrl = (relativePath: string) => `${recordingsUrlPrefix}/${relativePath}`;

export class SessionsService {
  constructor(private readonly repos: RepositoriesOf<'agenda' | 'decisions' | 'documents' | 'questions' | 'recordings' | 'recordingTracks' | 'sessions'>) {}

  listPublic(query: ListSessionsQuery): SessionList {
    const { items, total } = this.repos.sessions.list({
      status: query.status,
      bodySlug: query.body,
      kind: query.kind,
      year: query.year,
      q: query.q || undefined,
      visibility: 'public',
      page: query.page,
      pageSize: query.pageSize,
    });
    return { items: items.map((row) => toSummary(row, query.lang)), total, page: query.page, pageSize: query.pageSize };
  }

  /** A public session with its civic record. Private sessions answer "not found" to residents. */
  getPublic(id: SessionId, lang: Lang): SessionDetail {
    const row = this.repos.sessions.getListRow(id);
    if (!row || row.visibility !== 'public') throw notFound(`There is no public session with id ${id}.`);
    const summary = toSummary(row, lang);
    const recording = row.recording ? this.repos.recordings.get(row.recording.id as never) : undefined;
    const chapters = new Map(
      (recording ? this.repos.recordings.chapters(recording.id) : []).map((c) => [c.agendaItemId as number, c.startSec]),
    );
    return {
      ...summary,
      agenda: this.repos.agenda.listBySession(id).map((a) => ({
        id: a.id,
        number: a.number,
        title: a.title,
        description: a.description,
        presenter: a.presenter,
        startSec: chapters.get(a.id) ?? null,
      })),
      currentAgendaItemId: row.status === 'live' ? this.repos.sessions.currentAgendaItem(id) : null,
      decisions: this.decisionsOf(id),
      questions: this.repos.questions.listPublic(id).map((q) => ({
        id: q.id,
        text: q.text,
        authorName: q.authorName,
        status: q.status,
        answeredAtSec: q.answeredAtSec,
        votes: q.votes,
      })),
      documents: this.repos.documents.listBySession(id).map((d) => ({
        id: d.id,
        kind: d.kind,
        agendaItemId: d.agendaItemId,
        title: d.title,
        mime: d.mime,
        bytes: d.bytes,
        url: `/api/documents/${d.id}`,
      })),
      captions: recording
        ? this.repos.recordings.captions(recording.id).map((c) => ({ lang: c.lang, url: recordingUrl(c.vttPath) }))
        : [],
      tracks: recording ? this.tracksOf(recording.id) : { interpretations: [], sign: null },
      recording:
        summary.recording && recording
          ? {
              ...summary.recording,
              renditions: this.repos.recordings
                .renditions(recording.id)
                .map((r) => ({ height: r.height, bandwidth: r.bandwidth })),
            }
          : null,
    };
  }

  /** The interpreters' tracks of a recording: interpretations named in their own language, the sign playlist's URL. */
  private tracksOf(id: RecordingId): SessionTracks {
    const tracks = this.repos.recordingTracks.list(id);
    const sign = tracks.find((t) => t.kind === 'sign');
    return {
      interpretations: tracks
        .filter((t) => t.kind === 'interpretation' && t.lang)
        .map((t) => ({ lang: t.lang!, name: trackName(t.lang!) })),
      sign: sign ? { url: recordingUrl(sign.path) } : null,
    };
  }

  /** Decisions with their tallies and roll calls (one query for all roll calls). */
  private decisionsOf(id: SessionId): SessionDetail['decisions'] {
    const rollCalls = this.repos.decisions.rollCallsOfSession(id);
    return this.repos.decisions.listBySession(id).map((d) => ({
      id: d.id,
      agendaItemId: d.agendaItemId,
      number: d.number,
      title: d.title,
      text: d.text,
      outcome: d.outcome,
      votes: d.votes,
      rollCall: rollCalls.get(d.id) ?? [],
    }));
  }
}

export function toSummary(row: SessionListRow, lang: Lang): SessionSummary {
  return {
    id: row.id,
    title: row.title,
    body: { slug: row.body.slug, name: row.body[`name_${lang}`] },
    kind: row.kind,
    status: row.status,
    startsAt: row.startsAt,
    location: row.location,
    recording: row.recording
      ? {
          hlsUrl: recordingUrl(row.recording.hlsPath),
          durationSec: row.recording.durationSec,
          status: row.recording.status,
          posterUrl: row.recording.posterPath ? recordingUrl(row.recording.posterPath) : null,
        }
      : null,
  };
}
