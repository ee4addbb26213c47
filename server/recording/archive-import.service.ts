import fs from 'node:fs';
import path from 'node:path';
import { MediaProbeError } from '../../media/ffmpeg/probe.js';
import { importVideoFile, inspectVideo, type InspectedVideo } from '../../media/recording/importer.js';
import type { LadderProgress, LadderResult } from '../../media/recording/ladder.js';
import { agendaFileSchema, type AgendaItemInput } from './import.contract.js';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Body } from '../civic/bodies.repository.js';
import type { CatalogService } from '../civic/catalog.service.js';
import type { ChapterInput, ChaptersService } from '../civic/chapters.service.js';
import { conflict, notFound, validationFailed } from '../core/errors.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import { publishLadder } from './publish-ladder.js';
import type { RecordingStore, Staging } from './recording-store.js';

export type ImportInput = { file: string; bodySlug: string; title: string; date: string; agenda: AgendaItemInput[] };
export type ImportResult = { sessionId: SessionId; recordingId: RecordingId; durationSec: number };

/** What the import reads and writes: its own recordings, and the body it files the session under. */
export type ImportRepos = RepositoriesOf<'bodies' | 'db' | 'recordings'>;

/**
 * Turns a video file into an archived session, each stage once: check everything first (body, file probed
 * and hashed, agenda) so a bad input creates nothing; transcode into one staging folder of the recording
 * store; then create the rows and move the folder into place in one transaction.
 */
export class ArchiveImportService {
  constructor(
    private readonly repos: ImportRepos,
    private readonly catalog: CatalogService,
    private readonly chapters: ChaptersService,
    private readonly store: RecordingStore,
    private readonly log: Logger,
    private readonly options: { ffmpegPath?: string; ffprobePath?: string },
  ) {}

  /** Reads and validates an agenda JSON file; throws a validation error naming the problem. */
  static readAgendaFile(file: string): AgendaItemInput[] {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw validationFailed(`The agenda file ${file} cannot be read as JSON (${(error as Error).message}).`);
    }
    const parsed = agendaFileSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw validationFailed(`The agenda file ${file} is not valid: ${issue.path.join('.') || 'top level'}: ${issue.message}.`);
    }
    return parsed.data;
  }

  async importFile(input: ImportInput, onProgress?: (p: LadderProgress) => void, signal?: AbortSignal): Promise<ImportResult> {
    const body = this.repos.bodies.getBySlug(input.bodySlug);
    if (!body) throw notFound(`There is no body with the slug "${input.bodySlug}".`);
    let video: InspectedVideo;
    try {
      video = await inspectVideo(input.file, this.options.ffprobePath);
    } catch (error) {
      if (error instanceof MediaProbeError) throw validationFailed(error.message);
      throw error;
    }
    const previous = this.repos.recordings.findBySourceSha256(video.sha256);
    if (previous) throw conflict(`${input.file} was already imported as session ${previous.sessionId}.`);

    // chapters.vtt is written with the chapters' rows (ChaptersService), once the folder is in place.
    const staging = this.store.stage('import');
    try {
      const result = await importVideoFile({
        input: input.file,
        video,
        outDir: staging.dir,
        log: this.log.child({ file: path.basename(input.file) }),
        ffmpegPath: this.options.ffmpegPath,
        ffprobePath: this.options.ffprobePath,
        onProgress,
        signal,
      });
      return this.commit(input, body, video.sha256, result, staging);
    } finally {
      staging.discard();
    }
  }

  /** Rows and folder together: if anything after the move fails, the folder goes back and the rows roll back. */
  private commit(input: ImportInput, body: Body, sha256: string, result: LadderResult, staging: Staging): ImportResult {
    return this.repos.db.transaction(() => {
      const startsAt = `${input.date}T07:00:00.000Z`;
      const session = this.catalog.createSession({
        bodyId: body.id,
        kind: body.kind === 'council' ? 'council' : 'meeting',
        title: input.title,
        startsAt,
        location: '',
        status: 'ended',
        visibility: 'public',
        createdBy: null,
      });
      const sid = session.id;
      const recording = this.repos.recordings.create({
        sessionId: sid,
        status: 'processing',
        durationSec: result.durationSec,
        startedAt: startsAt,
        hlsPath: this.store.relative(sid, result.master),
        posterPath: null,
      });
      this.repos.recordings.setSourceSha256(recording.id, sha256);
      const chapters: ChapterInput[] = [];
      for (const item of input.agenda) {
        const created = this.catalog.addAgendaItem(sid, { number: item.number, title: item.title, description: '', presenter: '' });
        if (item.startSec !== undefined && item.startSec < result.durationSec) chapters.push({ agendaItemId: created.id, startSec: item.startSec });
      }
      staging.commit(sid);
      try {
        publishLadder(this.repos, this.store, recording, result);
        this.chapters.replace(recording.id, chapters);
      } catch (error) {
        staging.uncommit(sid);
        throw error;
      }
      this.log.info({ sessionId: sid, recordingId: recording.id, durationSec: result.durationSec }, 'video imported');
      return { sessionId: sid, recordingId: recording.id, durationSec: result.durationSec };
    })();
  }
}
