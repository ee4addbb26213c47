import path from 'node:path';
import { generateTestClip, importVideoFile } from '../../media/recording/importer.js';
import { masterPlaylist } from '../../media/recording/ladder.js';
import type { Logger } from '../core/logger.js';
import type { RepositoriesOf } from '../core/repositories.js';
import { publishLadder } from '../recording/publish-ladder.js';
import type { RecordingStore } from '../recording/recording-store.js';
import type { ChaptersService } from '../civic/chapters.service.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { JobsService } from '../jobs/jobs.service.js';

export const demoRecordingJob = 'demo-recording';

export type DemoRecordingPayload = { recordingId: RecordingId; seconds: number };

type DemoRecordingRepos = RepositoriesOf<'db' | 'recordings'>;

/**
 * Gives the demo's ended session a short generated recording, as if it had been recorded: a test pattern
 * clip, the ladder, chapters from its agenda. Runs in the job queue so start-up is not held up.
 */
export function registerDemoRecordingJob(
  jobs: JobsService,
  repos: DemoRecordingRepos,
  chapters: ChaptersService,
  store: RecordingStore,
  log: Logger,
  options: { ffmpegPath?: string; ffprobePath?: string },
): void {
  jobs.register(demoRecordingJob, async (raw, ctx) => {
    const payload = raw as DemoRecordingPayload;
    const rec = repos.recordings.get(payload.recordingId);
    if (!rec) return;
    await store.scratch('demo', async (scratch) => {
      const clip = await generateTestClip({
        output: path.join(scratch, 'demo.mp4'),
        seconds: payload.seconds,
        width: 854,
        height: 480,
        log,
        ffmpegPath: options.ffmpegPath,
        signal: ctx.signal,
      });
      ctx.progress({ percent: 0.3, etaSec: null });
      const staging = store.stage('demo');
      try {
        const result = await importVideoFile({
          input: clip,
          outDir: staging.dir,
          log,
          ffmpegPath: options.ffmpegPath,
          ffprobePath: options.ffprobePath,
          signal: ctx.signal,
          onProgress: (p) => ctx.progress({ percent: 0.3 + 0.7 * p.percent, etaSec: p.etaSec }),
        });
        repos.db.transaction(() => {
          staging.commit(rec.sessionId);
          try {
            publishLadder(repos, store, rec, result, { durationSec: result.durationSec });
            // The chapters set when the job was queued, again now that the recording has a length: chapters.vtt.
            chapters.replace(rec.id, repos.recordings.chapters(rec.id).filter((c) => c.startSec < result.durationSec));
          } catch (error) {
            staging.uncommit(rec.sessionId);
            throw error;
          }
        })();
      } finally {
        staging.discard();
      }
    });
  });
}

/** Creates the demo recording's row and chapters and queues its job (called inside the seed). */
export function queueDemoRecording(
  repos: RepositoriesOf<'agenda' | 'jobs' | 'recordings'>,
  chapters: ChaptersService,
  sessionId: SessionId,
  startsAt: string,
  seconds = 20,
): RecordingId {
  const recording = repos.recordings.create({
    sessionId,
    status: 'processing',
    durationSec: null,
    startedAt: startsAt,
    hlsPath: `${sessionId}/${masterPlaylist}`,
    posterPath: null,
  });
  const items = repos.agenda.listBySession(sessionId);
  chapters.replace(
    recording.id,
    items.map((item, i) => ({ agendaItemId: item.id, startSec: Math.floor((i * seconds) / items.length) })),
  );
  repos.jobs.enqueue(demoRecordingJob, { recordingId: recording.id, seconds } satisfies DemoRecordingPayload);
  return recording.id;
}
