import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterPlaylist, parseMediaPlaylist } from '../../media/recording/hls-playlist.js';
import { projectRoot } from '../../server/core/config.js';
import { call, demoPassword, login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { generateClip } from '../helpers/fixtures.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

type Detail = { status: string; recording: { hlsUrl: string; status: string; durationSec: number | null; renditions: { height: number }[] } | null };
const detail = async (id: number) => (await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as Detail;

/** `npm run broadcast` as the demo operator: the file goes on air through the running server, then the session ends. */
function broadcast(sessionId: number, clip: string): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/broadcast.ts'), '--session', String(sessionId), '--source', clip], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NIST_URL: server.url, NIST_PASSWORD: demoPassword(server, 'operator') },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('recording in the running server', () => {
  it('records a session while it is live, serves the live playlist, finalizes it at the end and builds the ladder', async () => {
    const clip = await generateClip({ seconds: 10, width: 640, height: 360 });
    const sessionId = addSession(server);
    const run = broadcast(sessionId, clip);

    // While live: a growing EVENT playlist under /recordings.
    await expect.poll(async () => (await detail(sessionId)).recording?.status, { timeout: 30_000 }).toBe('recording');
    const live = await detail(sessionId);
    expect(live.status).toBe('live');
    expect(live.recording!.hlsUrl).toBe(`/recordings/${sessionId}/source/index.m3u8`);
    await expect
      .poll(async () => parseMediaPlaylist(await (await fetch(server.url + live.recording!.hlsUrl)).text()).segments.length, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    const liveText = await (await fetch(server.url + live.recording!.hlsUrl)).text();
    expect(liveText).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(liveText).not.toContain('#EXT-X-ENDLIST');

    expect(await run).toBe(0);
    expect((await detail(sessionId)).status).toBe('ended');
    // At the end the playlist is closed (VOD), before the ladder.
    const playlist = async () => parseMediaPlaylist(await (await fetch(server.url + live.recording!.hlsUrl)).text());
    await expect.poll(async () => (await playlist()).ended, { timeout: 5000, interval: 100 }).toBe(true);
    const vod = await playlist();
    const segment = await fetch(`${server.url}/recordings/${sessionId}/source/${vod.segments[0]!.uri}`);
    expect(segment.status).toBe(200);
    // Public files live RECORDINGS_CACHE_SEC in caches, so that hiding the session takes effect (nginx-cache.test.ts).
    expect(segment.headers.get('cache-control')).toBe('public, max-age=60');

    // Then the ladder job runs and the archive points at the master playlist.
    await expect.poll(async () => (await detail(sessionId)).recording?.status, { timeout: 60_000 }).toBe('ready');
    const ready = (await detail(sessionId)).recording!;
    expect(ready.hlsUrl).toBe(`/recordings/${sessionId}/master.m3u8`);
    expect(ready.durationSec).toBeGreaterThan(5);
    expect(ready.renditions.map((r) => r.height)).toEqual([360, 240]);
    const master = parseMasterPlaylist(await (await fetch(server.url + ready.hlsUrl)).text());
    expect(master.map((v) => v.uri)).toEqual(['source/index.m3u8', '240p/index.m3u8']);

    // The job's state for staff, and not for residents.
    const [job] = queryServerDb<{ id: number }>(server.dataDir, `SELECT id FROM jobs WHERE kind = 'ladder' ORDER BY id DESC LIMIT 1`);
    const archivist = await login(server, 'admin');
    const seen = await call(server.url, archivist, 'GET', `/api/jobs/${job!.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ kind: 'ladder', status: 'done', percent: 100, attempts: 1, error: null });
    expect((await call(server.url, null, 'GET', `/api/jobs/${job!.id}`)).status).toBe(401);
    expect((await call(server.url, archivist, 'GET', '/api/jobs/abc')).status).toBe(400);
    expect((await call(server.url, archivist, 'GET', '/api/jobs/99999')).status).toBe(404);
  });
});
