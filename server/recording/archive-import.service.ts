import fs from 'node:fs';
import path from 'node:path';
import { MediaProbeError } from '../../media/ffmpeg/probe.js';
import { importVideoFile, inspectVideo } from '../../media/recording/importer.js';
import type { LadderProgress } from '../../media/recording/ladder.js';
import { agendaFileSchema, type AgendaItemInput } from './import.contract.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { CatalogService } from '../civic/catalog.service.js';
import { ChaptersService, type ChapterInput } from '../civic/chapters.service.js';
import { conflict, notFound, validationFailed } from '../core/errors.js';
import type { RecordingId, SessionId } from '../core/ids.js';

export type ImportInput = { file: string; bodySlug: string; title: string; date: string; agenda: AgendaItemInput[] };
export type ImportResult = { sessionId: SessionId; recordingId: RecordingId; durationSec: number };

/**
 * Turns a video file into an archived session: checks everything first (body, file, agenda) so a bad
 * input creates nothing, transcodes into a hidden staging folder, then creates the rows and moves the
 * folder into place together.
 */
export class ArchiveImportService {
  constructor(
    private readonly repos: Repositories,
    private readonly catalog: CatalogService,
    private readonly log: Logger,
    private readonly options: { recordingsDir: string; ffmpegPath?: string; ffprobePath?: string },
    private readonly chapters = new ChaptersService(repos, options.recordingsDir),
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
    let video;
    try {
      video = await inspectVideo(input.file, this.options.ffprobePath);
    } catch (error) {
      if (error instanceof MediaProbeError) throw validationFailed(error.message);
      throw error;
    }
    const previous = this.repos.recordings.findBySourceSha256(video.sha256);
    if (previous) throw conflict(`${input.file} was already imported as session ${previous.sessionId}.`);

    fs.mkdirSync(this.options.recordingsDir, { recursive: true });
    const staging = path.join(this.options.recordingsDir, `.import-${process.pid}-${Date.now()}`);
    // chapters.vtt is written with the chapters' rows (ChaptersService), once the folder is in place.
    const result = await importVideoFile({
      input: input.file,
      outDir: staging,
      log: this.log.child({ file: path.basename(input.file) }),
      ffmpegPath: this.options.ffmpegPath,
      ffprobePath: this.options.ffprobePath,
      onProgress,
      signal,
    });
    try {
      return this.commit(input, body.id, body.kind, video.sha256, result, staging);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Rows and folder together: if moving the folder fails, the transaction rolls the rows back. */
  private commit(
    input: ImportInput,
    bodyId: Parameters<CatalogService['createSession']>[0]['bodyId'],
    bodyKind: string,
    sha256: string,
    result: Awaited<ReturnType<typeof importVideoFile>>,
    staging: string,
  ): ImportResult {
    return this.repos.db.transaction(() => {
      const session = this.catalog.createSession({
        bodyId,
        kind: bodyKind === 'council' ? 'council' : 'meeting',
        title: input.title,
        startsAt: `${input.date}T07:00:00.000Z`,
        location: '',
        status: 'ended',
        visibility: 'public',
        createdBy: null,
      });
      const sid = session.id;
      const recording = this.repos.recordings.create({
        sessionId: sid,
        status: 'ready',
        durationSec: result.durationSec,
        startedAt: `${input.date}T07:00:00.000Z`,
        hlsPath: `${sid}/${result.master}`,
        posterPath: result.poster ? `${sid}/${result.poster}` : null,
      });
      this.repos.recordings.setSourceSha256(recording.id, sha256);
      this.repos.recordings.setRenditions(
        recording.id,
        result.renditions.map((r) => ({ height: r.height, bandwidth: r.bandwidth, playlistPath: `${sid}/${r.playlist}` })),
      );
      const chapters: ChapterInput[] = [];
      for (const item of input.agenda) {
        const created = this.catalog.addAgendaItem(sid, { number: item.number, title: item.title, description: '', presenter: '' });
        if (item.startSec !== undefined && item.startSec < result.durationSec) chapters.push({ agendaItemId: created.id, startSec: item.startSec });
      }
      const finalDir = path.join(this.options.recordingsDir, String(sid));
      if (fs.existsSync(finalDir)) fs.rmSync(finalDir, { recursive: true, force: true });
      fs.renameSync(staging, finalDir);
      try {
        this.chapters.replace(recording.id, chapters);
      } catch (error) {
        // The rows roll back; the folder goes back to staging, which the caller removes.
        fs.renameSync(finalDir, staging);
        throw error;
      }
      this.log.info({ sessionId: sid, recordingId: recording.id, durationSec: result.durationSec }, 'video imported');
      return { sessionId: sid, recordingId: recording.id, durationSec: result.durationSec };
    })();
  }
}
