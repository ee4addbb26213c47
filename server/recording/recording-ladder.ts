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
import type { RecordingTracksRepository } from './recording-tracks.repository.js';
import { removeLivePieces, renderLiveTracks } from '../../media/recording/track-renditions.js';
import { audioRenditionsFor } from './track-playlists.js';

export const ladderJob = 'ladder';

export type LadderRepos = LadderRows & {
  recordings: Pick<RecordingsRepository, 'get' | 'update' | 'setRenditions' | 'chapterTitles'>;
  recordingTracks: Pick<RecordingTracksRepository, 'set'>;
};

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
    const log = this.log.child({ recordingId: rec.id, sessionId: rec.sessionId });
    // The interpreters' tracks first, on the floor's timeline: the master, written last, lists them.
    const tracks = await renderLiveTracks({ ...this.options, outDir, durationSec: rec.durationSec ?? 0, log, signal: ctx.signal });
    const langs = tracks.flatMap((t) => (t.track.kind === 'interpretation' ? [t.track.lang] : []));
    const result = await transcodeLadder({
      input: this.store.path(this.store.relative(rec.sessionId, sourcePlaylist)),
      outDir,
      log,
      audio: langs.length ? audioRenditionsFor(langs) : undefined,
      ffmpegPath: this.options.ffmpegPath,
      ffprobePath: this.options.ffprobePath,
      chapters: this.repos.recordings.chapterTitles(rec.id),
      sourceVariant: sourcePlaylist,
      signal: ctx.signal,
      onProgress: (p) => ctx.progress({ percent: p.percent, etaSec: p.etaSec }),
    });
    this.repos.db.transaction(() => {
      for (const t of tracks) {
        const lang = t.track.kind === 'interpretation' ? t.track.lang : null;
        this.repos.recordingTracks.set(rec.id, { kind: t.track.kind, lang, path: this.store.relative(rec.sessionId, t.playlist), origin: 'live' });
      }
      publishLadder(this.repos, this.store, rec, result);
    })();
    removeLivePieces(outDir);
    this.on.ready({ sessionId: rec.sessionId, recordingId: rec.id });
  }
}
