import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { call, login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { generateClip } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok, request, type Client } from '../helpers/signaling.js';
import { broadcastFile, sleep, waitFor } from '../helpers/wait.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
/** The floor this test sets (RECORDING_MIN_FREE_MB): small, so that a small tmpfs can be filled past it. */
const minFreeMb = 4;
/** The tmpfs: room for a minute of the clip above the floor, and for the resume margin (1.5 × the floor). */
const diskMb = minFreeMb * 6;

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-small-disk-'));
// A real file system that really fills up (we run as root in CI and here).
execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${diskMb}m`, 'tmpfs', mountPoint]);
const recordingsDir = path.join(mountPoint, 'recordings');
fs.mkdirSync(recordingsDir);

let server: TestServer | undefined;
const feeds: ChildProcess[] = [];
const sockets: Client[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const f of feeds) if (f.exitCode === null) f.kill('SIGKILL');
  await server?.stop('SIGKILL');
  execFileSync('umount', ['-l', mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

const freeOnDisk = () => {
  const s = fs.statfsSync(mountPoint);
  return s.bavail * s.bsize;
};

type Alarm = { sessionId: number; code: string; active: boolean; freeBytes: number; minFreeBytes: number; sessionTitle: string };

describe('the recordings disk fills up during a broadcast', () => {
  it('reports it in health, interrupts the recording (disk_full) with an alarm to the studio and the console, keeps what was recorded playable, and resumes in the same recording when space returns', async () => {
    // RECORDING_MIN_FREE_MB: the floor sized to the small tmpfs above (the product's default is 200 MB).
    server = await startServer({ env: { RECORDINGS_DIR: recordingsDir, RECORDING_MIN_FREE_MB: String(minFreeMb) } });
    const url = server.url;
    const health = async () => {
      const res = await fetch(`${url}/api/health`);
      return { status: res.status, body: (await res.json()) as { ok: boolean; disk: { ok: boolean; freeBytes: number; minFreeBytes: number } } };
    };
    const before = await health();
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ ok: true, disk: { ok: true, minFreeBytes: minFreeMb * MiB } });
    expect(before.body.disk.freeBytes).toBeGreaterThan(minFreeMb * MiB);

    const sessionId = addSession(server);
    const recordings = () =>
      queryServerDb<{ id: number; status: string; reason: string | null }>(server!.dataDir, `SELECT id, status, reason FROM recordings WHERE session_id = ${sessionId}`);
    const playlistFile = path.join(recordingsDir, String(sessionId), 'source/index.m3u8');
    const playlist = () => (fs.existsSync(playlistFile) ? parseMediaPlaylist(fs.readFileSync(playlistFile, 'utf8')) : { segments: [], ended: false });

    // The studio as the operator's page is in it (a publisher), a resident watching, and the admin's console.
    const studio = await connect(url, await login(server, 'operator'));
    const resident = await connect(url);
    const consoleSocket = await connect(url, await login(server, 'admin'));
    sockets.push(studio, resident, consoleSocket);
    const subscribed = await ok<{ items: Alarm[]; disk: { ok: boolean } }>(consoleSocket, 'alarms:subscribe', {});
    expect(subscribed).toMatchObject({ items: [], disk: { ok: true } });
    // Alarms are for staff: a resident, or staff of no recording or broadcast role, may not follow them.
    expect(await request(resident, 'alarms:subscribe', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const moderator = await connect(url, await login(server, 'moderator'));
    sockets.push(moderator);
    expect(await request(moderator, 'alarms:subscribe', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const residentAlarms: Alarm[] = [];
    resident.on('recording:alarm', (a: Alarm) => residentAlarms.push(a));

    const clip = await generateClip({ seconds: 10, width: 640, height: 360 });
    const feed = broadcastFile(server, sessionId, clip);
    feeds.push(feed);
    await waitFor('three recorded segments', () => playlist().segments.length >= 3, 60_000);
    await ok(studio, 'signal:join', { sessionId, role: 'publisher' });
    await ok(resident, 'session:watch', { sessionId });
    await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    const [recording] = recordings();
    expect(recording).toMatchObject({ status: 'recording', reason: null });

    // Fill the disk to 2 MB short of free: under the 4 MB floor.
    const studioAlarm = nextEvent<Alarm>(studio, 'recording:alarm', (a) => a.active);
    const consoleAlarm = nextEvent<Alarm>(consoleSocket, 'recording:alarm', (a) => a.active);
    const filler = path.join(mountPoint, 'filler.bin');
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, freeOnDisk() - 2 * MiB)));

    await waitFor('the recording to be interrupted', () => recordings()[0]!.status === 'interrupted', 20_000);
    expect(recordings()).toEqual([{ id: recording!.id, status: 'interrupted', reason: 'disk_full' }]);
    for (const alarm of [await studioAlarm, await consoleAlarm]) {
      expect(alarm).toMatchObject({ sessionId, code: 'disk_full', active: true, minFreeBytes: minFreeMb * MiB, sessionTitle: 'Test council' });
      expect(alarm.freeBytes).toBeLessThan(minFreeMb * MiB);
    }
    // A console opened now sees the alarm at once; residents are not told of the disk.
    const late = await connect(url, await login(server, 'admin'));
    sockets.push(late);
    expect((await ok<{ items: Alarm[] }>(late, 'alarms:subscribe', {})).items).toMatchObject([{ sessionId, active: true }]);
    expect(residentAlarms).toEqual([]);

    // Health says so, but keeps answering 200: the server still serves live.
    const full = await health();
    expect(full.status).toBe(200);
    expect(full.body.ok).toBe(false);
    expect(full.body.disk.ok).toBe(false);
    expect(full.body.disk.freeBytes).toBeLessThan(minFreeMb * MiB);
    // The public session shows the recording as interrupted, not ready; the live session goes on.
    const detail = await call(url, null, 'GET', `/api/sessions/${sessionId}`);
    expect(detail.body).toMatchObject({ status: 'live', recording: { status: 'interrupted' } });
    expect(feed.exitCode).toBeNull();
    // What was recorded is closed and plays as VOD.
    await waitFor('the interrupted playlist to be closed', () => playlist().ended, 10_000);
    const recordedBefore = playlist().segments.length;
    expect(recordedBefore).toBeGreaterThanOrEqual(3);
    const { stdout: partial } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playlistFile]);
    expect(Number(partial.trim())).toBeGreaterThan(4);
    await sleep(3000);
    expect(playlist().segments.length).toBe(recordedBefore);

    // Space returns: the same recording continues by itself after a marked gap.
    const cleared = nextEvent<Alarm>(studio, 'recording:alarm', (a) => !a.active);
    const consoleCleared = nextEvent<Alarm>(consoleSocket, 'recording:alarm', (a) => !a.active);
    fs.rmSync(filler);
    await waitFor('the recording to resume', () => recordings()[0]!.status === 'recording', 20_000);
    expect(await cleared).toMatchObject({ sessionId, code: 'disk_full', active: false });
    expect(await consoleCleared).toMatchObject({ sessionId, active: false });
    await waitFor('segments after the gap', () => playlist().segments.length >= recordedBefore + 3, 60_000);
    expect(playlist().segments[recordedBefore]!.discontinuity).toBe(true);
    expect((await health()).body).toMatchObject({ ok: true, disk: { ok: true } });
    expect(server.logs.some((l) => l.msg === 'recording resumed: disk space is back; gap marked')).toBe(true);

    // The broadcast ends: one recording, both parts, finalized and playable.
    feed.kill('SIGINT');
    await waitFor('the session to end', () => feed.exitCode !== null, 20_000);
    await waitFor('the finalized playlist', () => playlist().ended, 20_000);
    const rows = recordings();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(recording!.id);
    await waitFor('the recording to be archived', () => ['processing', 'ready'].includes(recordings()[0]!.status), 20_000);
    const final = playlist();
    const total = final.segments.reduce((sum, s) => sum + s.durationSec, 0);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', playlistFile]);
    expect(Number(stdout.trim())).toBeGreaterThan(total * 0.9);
    expect(final.segments.filter((s) => s.discontinuity).length).toBeGreaterThanOrEqual(1);
  }, 240_000);
});
