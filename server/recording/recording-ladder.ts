import fs from 'node:fs';
import { finalizePlaylist } from '../../media/recording/hls-playlist.js';
import { transcodeLadder } from '../../media/recording/ladder.js';
import { sourcePlaylist } from '../../media/recording/recorder.js';
import type { Logger } from '../core/logger.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { JobContext, JobsService } from '../jobs/jobs.service.js';
import { publishLadder, type LadderRows } from './publish-ladder.js';
import type { RecordingStore } from './recording-store.js';
import type { Recording, RecordingsRepository } from './recordings.repository.js';

export const ladderJob = 'ladder';

export type LadderRepos = LadderRows & { recordings: Pick<RecordingsRepository, 'get' | 'update' | 'setRenditions' | 'chapterTitles'> };

type Listeners = {
  finalized: (info: { sessionId: SessionId; recordingId: RecordingId; durationSec: number }) => void;
  ready: (info: { sessionId: SessionId; recordingId: RecordingId }) => void;
};

/**
 * A live recording after its session ends: the playlist closed (VOD at once), then the ABR ladder as a job
 * (the live source is the top rendition, the rungs below are encoded) and published with `publishLadder`.
 */
export class RecordingLadder {
  constructor(
    private readonly repos: LadderRepos,
    private readonly jobs: JobsService,
    private readonly store: RecordingStore,
    private readonly log: Logger,
    private readonly options: { ffmpegPath?: string; ffprobePath?: string },
    private readonly on: Listeners,
  ) {
    jobs.register(ladderJob, (payload, ctx) => this.run(payload as { recordingId: RecordingId }, ctx));
  }

  /** Closes the playlist (ENDLIST), records the duration and queues the ladder; no segments: `failed`. */
  finalize(rec: Recording): void {
    const playlist = this.store.path(rec.hlsPath);
    let durationSec = 0;
    if (fs.existsSync(playlist)) durationSec = finalizePlaylist(playlist).durationSec;
    if (durationSec <= 0) {
      this.repos.recordings.update(rec.id, { status: 'failed', durationSec: 0 });
      this.log.warn({ sessionId: rec.sessionId, recordingId: rec.id }, 'recording has no segments; marked failed');
      return;
    }
    this.repos.recordings.update(rec.id, { status: 'processing', durationSec });
    this.on.finalized({ sessionId: rec.sessionId, recordingId: rec.id, durationSec });
    if (!this.jobs.findActiveFor(ladderJob, rec.id)) this.jobs.enqueue(ladderJob, { recordingId: rec.id });
  }

  private async run(payload: { recordingId: RecordingId }, ctx: JobContext): Promise<void> {
    const rec = this.repos.recordings.get(payload.recordingId);
    if (!rec) return; // deleted meanwhile: nothing to do
    const outDir = this.store.sessionDir(rec.sessionId);
    const result = await transcodeLadder({
      input: this.store.path(this.store.relative(rec.sessionId, sourcePlaylist)),
      outDir,
      log: this.log.child({ recordingId: rec.id, sessionId: rec.sessionId }),
      ffmpegPath: this.options.ffmpegPath,
      ffprobePath: this.options.ffprobePath,
      chapters: this.repos.recordings.chapterTitles(rec.id),
      sourceVariant: sourcePlaylist,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ percent: p.percent, etaSec: p.etaSec }),
    });
    publishLadder(this.repos, this.store, rec, result);
    this.on.ready({ sessionId: rec.sessionId, recordingId: rec.id });
  }
}
