import { renderChaptersVtt } from '../../media/recording/hls-playlist.js';
import { chaptersFile } from '../../media/recording/ladder.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Chapter, Recording } from '../recording/recordings.repository.js';
import type { RecordingStore } from '../recording/recording-store.js';
import { invalidField, notFound, validationFailed } from '../core/errors.js';
import type { AgendaItemId, RecordingId, SessionId } from '../core/ids.js';

export type ChapterInput = { agendaItemId: number; startSec: number };

/**
 * The one way a recording's chapters change — the clerk marking items live, the chapter editor, the import
 * and the demo all come here. In one transaction it writes the chapters, the search start times of the
 * session's agenda items and of the decisions on them, and the recording folder's `chapters.vtt` (when the
 * recording is finished and its folder exists; `/recordings/<id>/chapters.vtt` is rendered from the
 * database). A failed file write rolls the rows back. Callers check who may do it.
 */
export class ChaptersService {
  constructor(
    private readonly repos: RepositoriesOf<'agenda' | 'chapters' | 'db' | 'decisions' | 'recordings' | 'search' | 'sessions'>,
    /** The recording folders (the recording store: RECORDINGS_DIR). */
    private readonly folders: Pick<RecordingStore, 'exists' | 'relative' | 'writeText' | 'remove'>,
  ) {}

  /** Exactly these chapters, each running to the next one's start. */
  replace(recordingId: RecordingId, chapters: readonly ChapterInput[]): Chapter[] {
    return this.repos.db.transaction(() => {
      const recording = this.recording(recordingId);
      const items = new Set(this.repos.agenda.listBySession(recording.sessionId).map((a) => a.id as number));
      const foreign = chapters.find((c) => !items.has(c.agendaItemId));
      if (foreign) throw invalidField('chapters', `Agenda item ${foreign.agendaItemId} is not on this session's agenda.`);
      const twice = chapters.find((c, i) => chapters.findIndex((o) => o.agendaItemId === c.agendaItemId) !== i);
      if (twice) throw invalidField('chapters', `Agenda item ${twice.agendaItemId} has more than one chapter.`);
      const negative = chapters.find((c) => !Number.isFinite(c.startSec) || c.startSec < 0);
      if (negative) throw validationFailed(`A chapter cannot start at ${negative.startSec} s.`);
      const duration = recording.durationSec;
      const late = duration ? chapters.find((c) => c.startSec >= duration) : undefined;
      if (late) throw validationFailed(`A chapter starts at ${late.startSec} s, after the recording ends (${Math.floor(duration!)} s).`);
      this.repos.chapters.replaceAll(recordingId, [...chapters].sort((a, b) => a.startSec - b.startSec));
      this.follow(recording);
      return this.repos.recordings.chapters(recordingId);
    })();
  }

  /** Live marking: the item's chapter starts at `atSec` and the open one ends there; `null` only ends it. */
  mark(recordingId: RecordingId, itemId: AgendaItemId | null, atSec: number): void {
    this.repos.db.transaction(() => {
      const recording = this.recording(recordingId);
      if (itemId === null) this.repos.chapters.closeOpen(recordingId, atSec);
      else {
        if (this.repos.agenda.get(itemId)?.sessionId !== recording.sessionId) {
          throw invalidField('agendaItemId', `Agenda item ${itemId} is not on this session's agenda.`);
        }
        this.repos.chapters.start(recordingId, itemId, atSec);
      }
      this.follow(recording);
    })();
  }

  private recording(id: RecordingId): Recording {
    const recording = this.repos.recordings.get(id);
    if (!recording) throw notFound(`There is no recording with id ${id}.`);
    return recording;
  }

  /** Search start times and chapters.vtt after a change (inside the caller's transaction). */
  private follow(recording: Recording): void {
    this.reindex(recording.sessionId);
    this.writeVtt(recording);
  }

  /**
   * Search hits play from the chapters of the session's current recording (the one the session page plays),
   * as CatalogService.indexAgendaItem and DecisionsService index them: every agenda item and every decision
   * on an item gets its chapter's start, or none.
   */
  private reindex(sessionId: SessionId): void {
    const current = this.repos.sessions.getListRow(sessionId)?.recording;
    const starts = new Map(
      (current ? this.repos.recordings.chapters(current.id as RecordingId) : []).map((c) => [c.agendaItemId as number, c.startSec]),
    );
    for (const item of this.repos.agenda.listBySession(sessionId)) this.repos.search.setStart('agenda', item.id, starts.get(item.id) ?? null);
    for (const d of this.repos.decisions.listBySession(sessionId)) {
      this.repos.search.setStart('decision', d.id, d.agendaItemId === null ? null : (starts.get(d.agendaItemId) ?? null));
    }
  }

  /**
   * The recording folder's copy of the chapters, for whoever reads the folder rather than the server. While
   * the recording is still being written (no duration), the ladder writes it when the recording ends.
   */
  private writeVtt(recording: Recording): void {
    if (recording.durationSec === null || recording.durationSec <= 0) return;
    if (!this.folders.exists(String(recording.sessionId))) return;
    const file = this.folders.relative(recording.sessionId, chaptersFile);
    const chapters = this.repos.recordings.chapterTitles(recording.id);
    if (chapters.length === 0) this.folders.remove(file);
    else this.folders.writeText(file, renderChaptersVtt(chapters, recording.durationSec));
  }
}
