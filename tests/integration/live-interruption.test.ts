import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { queryServerDb } from '../helpers/db.js';
import { killTree } from '../helpers/processes.js';
import { generateClip } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok, type Client } from '../helpers/signaling.js';
import { broadcastFile, waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

const servers: TestServer[] = [];
const feeds: ChildProcess[] = [];
const sockets: Client[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const f of feeds) killTree(f.pid);
  for (const s of servers) await s.stop('SIGKILL');
});

type Interruption = { sessionId: number; since: string; endsAt: string };

function helpers(dataDir: string, recordingsDir: string, sessionId: number) {
  const playlistFile = path.join(recordingsDir, String(sessionId), 'source/index.m3u8');
  return {
    playlistFile,
    playlist: () => (fs.existsSync(playlistFile) ? parseMediaPlaylist(fs.readFileSync(playlistFile, 'utf8')) : { segments: [], ended: false }),
    recordings: () =>
      queryServerDb<{ id: number; status: string; reason: string | null }>(dataDir, `SELECT id, status, reason FROM recordings WHERE session_id = ${sessionId}`),
    session: () => queryServerDb<{ status: string; interrupted_at: string | null }>(dataDir, `SELECT status, interrupted_at FROM sessions WHERE id = ${sessionId}`)[0]!,
  };
}

async function playableSeconds(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(stdout.trim());
}

describe('a live session whose source is lost', () => {
  it('tells residents it is interrupted, and the source coming back resumes it in the same recording', async () => {
    // LIVE_RESUME_GRACE_SEC=30: long enough for the CLI to start again (login, probe, join, media flowing take
    // a few seconds on a busy machine), far shorter than the default 600 s that a test cannot wait out.
    const server = await startServer({ env: { LIVE_RESUME_GRACE_SEC: '30' } });
    servers.push(server);
    const sessionId = addSession(server);
    const { playlist, recordings, session, playlistFile } = helpers(server.dataDir, server.recordingsDir, sessionId);
    const clip = await generateClip({ seconds: 10, width: 640, height: 360 });

    const resident = await connect(server.url);
    sockets.push(resident);
    expect(await ok(resident, 'session:watch', { sessionId })).toMatchObject({ status: 'scheduled', interruption: null });
    const first = broadcastFile(server, sessionId, clip);
    feeds.push(first);
    await waitFor('three recorded segments', () => playlist().segments.length >= 3, 60_000);
    expect(await ok(resident, 'session:watch', { sessionId })).toMatchObject({ status: 'live', interruption: null });
    const [recording] = recordings();
    expect(recording).toMatchObject({ status: 'recording', reason: null });

    // The encoder dies without a word (no session:end).
    const interrupted = nextEvent<Interruption>(resident, 'session:interrupted');
    const lostAt = Date.now();
    killTree(first.pid);
    const event = await interrupted;
    expect(event.sessionId).toBe(sessionId);
    expect(Date.parse(event.endsAt) - Date.parse(event.since)).toBe(30_000);
    expect(Math.abs(Date.parse(event.since) - lostAt)).toBeLessThan(5000);
    expect(session()).toEqual({ status: 'live', interrupted_at: event.since });
    await waitFor('the recording to be interrupted', () => recordings()[0]!.status === 'interrupted', 10_000);
    expect(recordings()).toEqual([{ id: recording!.id, status: 'interrupted', reason: 'source_lost' }]);
    // A resident who opens the page now is told too.
    const late = await connect(server.url);
    sockets.push(late);
    expect(await ok(late, 'session:watch', { sessionId })).toMatchObject({ status: 'live', interruption: { since: event.since, endsAt: event.endsAt } });
    const recordedBefore = playlist().segments.length;

    // The operator starts the encoder again within the grace.
    const resumed = nextEvent(resident, 'session:resumed');
    const second = broadcastFile(server, sessionId, clip);
    feeds.push(second);
    expect(await resumed).toEqual({ sessionId });
    expect(session()).toEqual({ status: 'live', interrupted_at: null });
    await waitFor('the recording to continue', () => recordings()[0]!.status === 'recording', 10_000);
    await waitFor('segments after the gap', () => playlist().segments.length >= recordedBefore + 3, 60_000);
    expect(playlist().segments[recordedBefore]!.discontinuity).toBe(true);
    expect(await ok(late, 'session:watch', { sessionId })).toMatchObject({ status: 'live', interruption: null });

    // Ending it as usual: one recording with both parts, playable.
    const ended = nextEvent(resident, 'session:ended');
    second.kill('SIGINT');
    await ended;
    await waitFor('the finalized playlist', () => playlist().ended, 20_000);
    expect(recordings()).toHaveLength(1);
    expect(recordings()[0]!.id).toBe(recording!.id);
    const total = playlist().segments.reduce((sum, s) => sum + s.durationSec, 0);
    expect(await playableSeconds(playlistFile)).toBeGreaterThan(total * 0.9);
  }, 240_000);

  it('after the server is killed mid-broadcast and nothing comes back, ends the session after the grace (kept across restarts) and archives its recording', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
    const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
    const clip = await generateClip({ seconds: 10, width: 640, height: 360 });

    const first = await startServer({ dataDir, env: { RECORDINGS_DIR: recordingsDir } });
    servers.push(first);
    const sessionId = addSession(first);
    const { playlist, recordings, session, playlistFile } = helpers(dataDir, recordingsDir, sessionId);
    const feed = broadcastFile(first, sessionId, clip);
    feeds.push(feed);
    await waitFor('three recorded segments', () => playlist().segments.length >= 3, 60_000);
    // A power cut: the server and the encoder go at once, nothing is written on the way down.
    // The server first: were the encoder first, the server could still see its source go and write that down.
    const killed = first.stop('SIGKILL');
    killTree(feed.pid);
    await killed;
    expect(session()).toEqual({ status: 'live', interrupted_at: null });

    // LIVE_RESUME_GRACE_SEC=12: short, so that the test sees the session end by itself, yet longer than a second
    // restart takes, so that the test can show that a restart does not start the grace again.
    const env = { RECORDINGS_DIR: recordingsDir, LIVE_RESUME_GRACE_SEC: '12' };
    const second = await startServer({ dataDir, env });
    servers.push(second);
    const since = session().interrupted_at;
    expect(since).not.toBeNull();
    expect(recordings()).toMatchObject([{ status: 'interrupted', reason: 'source_lost' }]);
    const resident = await connect(second.url);
    expect(await ok(resident, 'session:watch', { sessionId })).toMatchObject({
      status: 'live',
      interruption: { since, endsAt: new Date(Date.parse(since!) + 12_000).toISOString() },
    });
    resident.disconnect();
    await second.stop('SIGKILL');

    const third = await startServer({ dataDir, env });
    servers.push(third);
    const startedAt = Date.now();
    const watcher = await connect(third.url);
    sockets.push(watcher);
    const ended = nextEvent<{ sessionId: number; recordingUrl: string | null }>(watcher, 'session:ended');
    const watched = await ok(watcher, 'session:watch', { sessionId });
    if (watched.status === 'live') expect(watched.interruption.since).toBe(since);
    if (watched.status === 'live') await ended;
    await waitFor('the session to end by itself', () => session().status === 'ended', 20_000);
    // It ended at the first interruption's time plus the grace, not 12 s after this start.
    expect(Date.now() - startedAt).toBeLessThan(12_000);
    expect(Date.now() - Date.parse(since!)).toBeGreaterThanOrEqual(12_000);
    // The log line travels through the server's stdout pipe, which may trail the database by a moment.
    const graceLogged = () => third.logs.some((l) => l.msg === 'no source returned within the grace; the session ends');
    await waitFor('the grace log line', graceLogged, 5_000).catch(() => undefined);
    expect(graceLogged()).toBe(true);

    // Archived as an ended session is: finalized, then processed into the ladder.
    await waitFor('the recording to be archived', () => ['processing', 'ready'].includes(recordings()[0]!.status), 20_000);
    expect(recordings()).toHaveLength(1);
    expect(playlist().ended).toBe(true);
    const total = playlist().segments.reduce((sum, s) => sum + s.durationSec, 0);
    expect(total).toBeGreaterThan(4);
    expect(await playableSeconds(playlistFile)).toBeGreaterThan(total * 0.9);
    await waitFor('the ladder', () => recordings()[0]!.status === 'ready', 120_000);
    const detail = (await (await fetch(`${third.url}/api/sessions/${sessionId}`)).json()) as { status: string; recording: { status: string; hlsUrl: string } };
    expect(detail).toMatchObject({ status: 'ended', recording: { status: 'ready' } });
    expect(detail.recording.hlsUrl).toMatch(/master\.m3u8$/);
  }, 300_000);
});
