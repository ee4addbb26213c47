import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { transcodeLadder, type LadderProgress } from '../../media/recording/ladder.js';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { ChaptersService } from '../../server/civic/chapters.service.js';
import { LocalDiskStore } from '../../server/recording/recording-store.js';
import type { SessionId } from '../../server/core/ids.js';
import { JobsService, type JobEvent } from '../../server/jobs/jobs.service.js';
import { RecordingsService } from '../../server/recording/recordings.service.js';
import { openDatabase } from '../../server/core/database.js';
import { createRepositories, type Repositories } from '../../server/core/repositories.js';
import { generateClip } from '../helpers/fixtures.js';
import { silentLog, startSyntheticSource, startTestRouter, type RtpSource } from '../helpers/rtp-source.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

async function ffprobeStreams(file: string) {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file]);
  return JSON.parse(stdout) as { streams: { codec_type: string; codec_name: string; height?: number }[]; format: { duration: string } };
}

describe('ABR ladder', () => {
  it('produces every rendition up to the source height, a valid master playlist, poster and chapters', async () => {
    const clip = await generateClip({ seconds: 4, width: 1280, height: 720 });
    const out = tmp('nist-ladder-');
    const progress: LadderProgress[] = [];
    const result = await transcodeLadder({
      input: clip,
      outDir: out,
      log: silentLog,
      chapters: [
        { startSec: 0, endSec: null, title: '1. Opening' },
        { startSec: 2, endSec: null, title: '2. Budget' },
      ],
      onProgress: (p) => progress.push(p),
    });
    expect(result.renditions.map((r) => r.height)).toEqual([720, 480, 240]);
    const variants = parseMasterPlaylist(fs.readFileSync(path.join(out, 'master.m3u8'), 'utf8'));
    expect(variants.map((v) => v.resolution)).toEqual(['1280x720', '854x480', '426x240']);
    for (const v of variants) {
      expect(v.bandwidth).toBeGreaterThan(0);
      const media = parseMediaPlaylist(fs.readFileSync(path.join(out, v.uri), 'utf8'));
      expect(media.ended).toBe(true);
      const probe = await ffprobeStreams(path.join(out, v.uri));
      expect(Number(probe.format.duration)).toBeCloseTo(4, 0);
      expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({ codec_name: 'h264', height: Number(v.resolution!.split('x')[1]) });
      expect(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    }
    // ffprobe reads the master playlist itself (all variants) as one program per variant.
    const master = await ffprobeStreams(path.join(out, 'master.m3u8'));
    expect(master.streams.filter((s) => s.codec_type === 'video')).toHaveLength(3);
    expect(fs.statSync(path.join(out, 'poster.jpg')).size).toBeGreaterThan(1000);
    expect(fs.readFileSync(path.join(out, 'chapters.vtt'), 'utf8')).toContain('00:00:02.000 --> 00:00:04.000\n2. Budget');
    expect(progress.at(-1)!.percent).toBe(1);
    expect(progress.some((p) => p.percent > 0 && p.percent < 1)).toBe(true);
  });
});

describe('RecordingsService', () => {
  let router: types.Router;
  let closeRouter: () => void;
  let dataDir: string;
  let recordingsDir: string;
  beforeAll(async () => {
    ({ router, close: closeRouter } = await startTestRouter());
    dataDir = tmp('nist-data-');
    recordingsDir = tmp('nist-recordings-');
  });
  afterAll(() => closeRouter?.());

  function open() {
    const db = openDatabase(path.join(dataDir, 'nist.db'));
    const repos = createRepositories(db);
    const jobs = new JobsService(repos.jobs, silentLog, { backoffMs: 50, pollMs: 100 });
    const recordings = new RecordingsService(repos, jobs, silentLog, { recordingsDir, minFreeBytes: 1 });
    return { db, repos, jobs, recordings, catalog: new CatalogService(repos) };
  }

  function createSession(repos: Repositories, catalog: CatalogService, kind: 'council' | 'meeting'): SessionId {
    const body = repos.bodies.getBySlug('test-council') ?? catalog.createBody({ slug: 'test-council', kind: 'council', name: { hy: 'Ա', en: 'A', ru: 'А' } });
    const session = catalog.createSession({
      bodyId: body.id,
      kind,
      title: `${kind} session`,
      startsAt: new Date().toISOString(),
      location: '',
      status: 'live',
      visibility: kind === 'meeting' ? 'private' : 'public',
      createdBy: null,
    });
    return session.id;
  }

  const playlist = (sessionId: SessionId) =>
    parseMediaPlaylist(fs.readFileSync(path.join(recordingsDir, String(sessionId), 'source/index.m3u8'), 'utf8'));

  it('records a live council session, finalizes it as VOD at the end, then queues and runs the ladder', async () => {
    const { db, repos, jobs, recordings, catalog } = open();
    const source: RtpSource = await startSyntheticSource(router, { codec: 'h264' });
    try {
      const sessionId = createSession(repos, catalog, 'council');
      const item = catalog.addAgendaItem(sessionId, { number: '1', title: 'Budget', description: '', presenter: '' });
      const events: JobEvent[] = [];
      jobs.on('job', (e) => events.push(e));
      jobs.start();
      const recordingId = (await recordings.onSessionLive(sessionId, router, source.producers))!;
      expect(repos.recordings.get(recordingId)).toMatchObject({ status: 'recording', hlsPath: `${sessionId}/source/index.m3u8` });
      await expect.poll(() => playlist(sessionId).segments.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      new ChaptersService(repos, new LocalDiskStore(recordingsDir)).mark(recordingId, item.id, Math.floor(recordings.offsetOf(sessionId)!));
      await sleep(2000);
      repos.sessions.setStatus(sessionId, 'ended');
      await recordings.onSessionEnded(sessionId);

      // Playable as VOD at once, before the ladder runs.
      expect(playlist(sessionId).ended).toBe(true);
      const rec = repos.recordings.get(recordingId)!;
      expect(['processing', 'ready']).toContain(rec.status);
      expect(rec.durationSec).toBeGreaterThan(3);

      await expect.poll(() => repos.recordings.get(recordingId)!.status, { timeout: 60_000 }).toBe('ready');
      const ready = repos.recordings.get(recordingId)!;
      expect(ready.hlsPath).toBe(`${sessionId}/master.m3u8`);
      expect(ready.posterPath).toBe(`${sessionId}/poster.jpg`);
      expect(repos.recordings.renditions(recordingId).map((r) => r.height)).toEqual([360, 240]);
      const variants = parseMasterPlaylist(fs.readFileSync(path.join(recordingsDir, ready.hlsPath), 'utf8'));
      expect(variants.map((v) => v.uri)).toEqual(['source/index.m3u8', '240p/index.m3u8']);
      expect(fs.readFileSync(path.join(recordingsDir, String(sessionId), 'chapters.vtt'), 'utf8')).toContain('1. Budget');
      const ladder = events.filter((e) => e.kind === 'ladder');
      expect(ladder.at(-1)).toMatchObject({ status: 'done', percent: 100 });
      expect(ladder.some((e) => e.status === 'running' && e.percent > 0 && e.percent < 100)).toBe(true);
    } finally {
      await source.stop();
      await recordings.stop();
      await jobs.stop();
      db.close();
    }
  });

  it('records a meeting only when its host chooses to', async () => {
    const { db, repos, jobs, recordings, catalog } = open();
    const source = await startSyntheticSource(router, { codec: 'vp8' });
    try {
      const unrecorded = createSession(repos, catalog, 'meeting');
      expect(await recordings.onSessionLive(unrecorded, router, source.producers)).toBeNull();
      expect(repos.recordings.findRecording(unrecorded)).toBeUndefined();
      expect(fs.existsSync(path.join(recordingsDir, String(unrecorded)))).toBe(false);

      const recorded = createSession(repos, catalog, 'meeting');
      const id = await recordings.onSessionLive(recorded, router, source.producers, { record: true });
      expect(id).not.toBeNull();
      await expect.poll(() => playlist(recorded).segments.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      expect(repos.sessions.get(recorded)!.visibility).toBe('private');
    } finally {
      await recordings.stop();
      await source.stop();
      await jobs.stop();
      db.close();
    }
  });

  it('after a server restart finds the session live and resumes into the same recording, gap marked', async () => {
    const source = await startSyntheticSource(router, { codec: 'h264' });
    let sessionId: SessionId;
    let recordingId: number;
    let before: number;
    {
      const { db, repos, jobs, recordings, catalog } = open();
      sessionId = createSession(repos, catalog, 'council');
      recordingId = (await recordings.onSessionLive(sessionId, router, source.producers))!;
      await expect.poll(() => playlist(sessionId).segments.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await recordings.stop(); // the server shuts down mid-session
      await jobs.stop();
      expect(repos.recordings.get(recordingId as never)!.status).toBe('recording');
      before = playlist(sessionId).segments.length;
      db.close();
    }
    const { db, repos, jobs, recordings } = open();
    try {
      recordings.recoverAfterRestart();
      jobs.start();
      const resumed = await recordings.onSessionLive(sessionId, router, source.producers);
      expect(resumed).toBe(recordingId);
      await expect.poll(() => playlist(sessionId).segments.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(before + 2);
      const segments = playlist(sessionId).segments;
      expect(segments[before]!.discontinuity).toBe(true);
      const rows = repos.db.prepare('SELECT id FROM recordings WHERE session_id = ?').pluck().all(sessionId);
      expect(rows).toEqual([recordingId]);
      repos.sessions.setStatus(sessionId, 'ended');
      await recordings.onSessionEnded(sessionId);
      expect(playlist(sessionId).ended).toBe(true);
    } finally {
      await recordings.stop();
      await source.stop();
      await jobs.stop();
      db.close();
    }
  });
});
