import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { queryServerDb } from '../helpers/db.js';
import { alive, descendants } from '../helpers/processes.js';
import { generateClip } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { broadcastFile, recentTrouble, waitFor } from '../helpers/wait.js';

const run = promisify(execFile);

const servers: TestServer[] = [];
const feeds: ChildProcess[] = [];
afterAll(async () => {
  for (const f of feeds) if (f.exitCode === null) f.kill('SIGKILL');
  for (const s of servers) await s.stop('SIGKILL');
});

describe('the whole server restarts during a live session', () => {
  it('resumes into the same recording with the gap marked, and finalizes a VOD that ffprobe reads', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
    const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
    const env = { RECORDINGS_DIR: recordingsDir };
    const clip = await generateClip({ seconds: 10, width: 640, height: 360 });
    const playlistFile = () => path.join(recordingsDir, String(sessionId), 'source/index.m3u8');
    const segments = () => (fs.existsSync(playlistFile()) ? parseMediaPlaylist(fs.readFileSync(playlistFile(), 'utf8')).segments : []);
    const recordings = (dir: string) =>
      queryServerDb<{ id: number; status: string; duration_s: number | null }>(dir, `SELECT id, status, duration_s FROM recordings WHERE session_id = ${sessionId}`);

    const first = await startServer({ dataDir, env });
    servers.push(first);
    const sessionId = addSession(first);
    feeds.push(broadcastFile(first, sessionId, clip));
    await waitFor('three recorded segments', () => segments().length >= 3, 60_000);
    const [before] = recordings(dataDir);
    expect(before).toMatchObject({ status: 'recording' });
    const recordedBefore = segments().length;

    // Abruptly: no shutdown code runs, the playlist is left open as it was.
    const orphans = descendants(first.process.pid!);
    await first.stop('SIGKILL');
    expect(parseMediaPlaylist(fs.readFileSync(playlistFile(), 'utf8')).ended).toBe(false);

    const second = await startServer({ dataDir, env });
    servers.push(second);
    expect(queryServerDb<{ status: string }>(dataDir, `SELECT status FROM sessions WHERE id = ${sessionId}`)[0]!.status).toBe('live');
    // The encoder the killed server left behind does not outlive it for long: the new one takes over.
    await waitFor('the old encoder to be gone', () => orphans.every((pid) => !alive(pid)), 20_000);

    // The operator puts the source on air again.
    const feed = broadcastFile(second, sessionId, clip);
    feeds.push(feed);
    // (The feed's video and audio arrive one after the other: the resumed recorder may start twice, r1 then r2.)
    const afterRestart = () => segments().filter((s) => !s.uri.startsWith('r0-'));
    await waitFor('segments recorded after the restart', () => afterRestart().length >= 3, 60_000).catch((err: Error) => {
      const state = feed.exitCode === null ? 'still running' : `exited with ${feed.exitCode}`;
      throw new Error(`${err.message}; segments: ${segments().map((s) => s.uri).join(' ')}; the feed ${state}:\n${feed.output()}\nserver:\n${recentTrouble(second.logs)}`);
    });
    expect(second.logs.some((l) => l.msg === 'recording resumed after a restart; gap marked')).toBe(true);

    // The operator stops: the session ends and the recording is finalized.
    feed.kill('SIGINT');
    await waitFor('the session to end', () => feed.exitCode !== null, 20_000);
    await waitFor('the finalized playlist', () => fs.existsSync(playlistFile()) && parseMediaPlaylist(fs.readFileSync(playlistFile(), 'utf8')).ended, 20_000);

    const rows = recordings(dataDir);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before!.id);
    const text = fs.readFileSync(playlistFile(), 'utf8');
    const playlist = parseMediaPlaylist(text);
    expect(text).toContain('#EXT-X-DISCONTINUITY');
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    const firstRun = playlist.segments.filter((s) => s.uri.startsWith('r0-'));
    const secondRun = playlist.segments.filter((s) => !s.uri.startsWith('r0-'));
    expect(firstRun.length).toBeGreaterThanOrEqual(recordedBefore);
    expect(secondRun.length).toBeGreaterThanOrEqual(3);
    // The gap is marked exactly where the second run begins.
    expect(playlist.segments.findIndex((s) => s.discontinuity)).toBe(firstRun.length);

    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playlistFile()]);
    const total = playlist.segments.reduce((sum, s) => sum + s.durationSec, 0);
    expect(Number(stdout.trim())).toBeGreaterThan(total * 0.9);
    await waitFor('the recording row to leave "recording"', () => recordings(dataDir)[0]!.status !== 'recording', 20_000);
    expect(recordings(dataDir)[0]!.duration_s).toBeGreaterThan(total * 0.9);
  }, 240_000);
});
