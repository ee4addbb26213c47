import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTestClip, importVideoFile } from '../../media/recording/importer.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { ChaptersService } from '../civic/chapters.service.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { JobsService } from '../jobs/jobs.service.js';

export const demoRecordingJob = 'demo-recording';

export type DemoRecordingPayload = { recordingId: RecordingId; seconds: number };

/**
 * Gives the demo's ended session a short generated recording, as if it had been recorded: a test pattern
 * clip, the ladder, chapters from its agenda. Runs in the job queue so start-up is not held up.
 */
export function registerDemoRecordingJob(
  jobs: JobsService,
  repos: Repositories,
  chapters: ChaptersService,
  log: Logger,
  options: { recordingsDir: string; ffmpegPath?: string; ffprobePath?: string },
): void {
  jobs.register(demoRecordingJob, async (raw, ctx) => {
    const payload = raw as DemoRecordingPayload;
    const rec = repos.recordings.get(payload.recordingId);
    if (!rec) return;
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-demo-'));
    try {
      const clip = await generateTestClip({
        output: path.join(tmpDir, 'demo.mp4'),
        seconds: payload.seconds,
        width: 854,
        height: 480,
        log,
        ffmpegPath: options.ffmpegPath,
        signal: ctx.signal,
      });
      ctx.progress({ percent: 0.3, etaSec: null });
      const outDir = path.join(options.recordingsDir, String(rec.sessionId));
      fs.rmSync(outDir, { recursive: true, force: true });
      const result = await importVideoFile({
        input: clip,
        outDir,
        log,
        ffmpegPath: options.ffmpegPath,
        ffprobePath: options.ffprobePath,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress({ percent: 0.3 + 0.7 * p.percent, etaSec: p.etaSec }),
      });
      repos.db.transaction(() => {
        repos.recordings.setRenditions(
          rec.id,
          result.renditions.map((r) => ({ height: r.height, bandwidth: r.bandwidth, playlistPath: `${rec.sessionId}/${r.playlist}` })),
        );
        repos.recordings.update(rec.id, {
          status: 'ready',
          durationSec: result.durationSec,
          hlsPath: `${rec.sessionId}/${result.master}`,
          posterPath: result.poster ? `${rec.sessionId}/${result.poster}` : null,
        });
        // The chapters set when the job was queued, again now that the recording has a length: chapters.vtt.
        chapters.replace(rec.id, repos.recordings.chapters(rec.id).filter((c) => c.startSec < result.durationSec));
      })();
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });
}

/** Creates the demo recording's row and chapters and queues its job (called inside the seed). */
export function queueDemoRecording(repos: Repositories, chapters: ChaptersService, sessionId: SessionId, startsAt: string, seconds = 20): RecordingId {
  const recording = repos.recordings.create({
    sessionId,
    status: 'processing',
    durationSec: null,
    startedAt: startsAt,
    hlsPath: `${sessionId}/master.m3u8`,
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
