import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMediaPlaylist, totalDuration } from '../../media/recording/hls-playlist.js';
import { call, login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { putOnAir, takeOffAir, type OnAir } from '../helpers/live-scenario.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { connect, ok, type Client } from '../helpers/signaling.js';
import { sleep, waitFor } from '../helpers/wait.js';

/**
 * What happens in a recording's gap lands where the recording resumes, on its timeline: the server is killed
 * during a live session and comes back after a pause; before the source returns there is no recorder, and a
 * caption line and an agenda mark are placed at the length recorded so far, not by the wall clock (which
 * counts the pause the recording does not have).
 */
const servers: TestServer[] = [];
const clients: Client[] = [];
let onAir: OnAir | undefined;
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await takeOffAir(onAir?.cli);
  for (const s of servers) await s.stop('SIGKILL');
});

const pauseMs = 8000;

describe('offsets in a recording gap', () => {
  it('places caption lines and agenda marks at the length recorded so far', async () => {
    // The second server must find the first one's database and recording: both folders are the test's.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
    const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
    const env = { RECORDINGS_DIR: recordingsDir };
    const first = await startServer({ dataDir, env });
    servers.push(first);
    onAir = await putOnAir(first, { recording: true });
    const sessionId = onAir.sessionId;
    const playlist = path.join(recordingsDir, String(sessionId), 'source/index.m3u8');
    const recorded = () => (fs.existsSync(playlist) ? totalDuration(parseMediaPlaylist(fs.readFileSync(playlist, 'utf8')).segments) : 0);
    await waitFor('three recorded segments', () => recorded() >= 6, 60_000);

    await first.stop('SIGKILL');
    await takeOffAir(onAir.cli);
    await sleep(pauseMs);

    const second = await startServer({ dataDir, env });
    servers.push(second);
    const [captioner, clerk] = await Promise.all([login(second, 'captioner'), login(second, 'clerk')]);
    const item = (await call(second.url, clerk, 'POST', `/api/clerk/sessions/${sessionId}/agenda`, { number: '1', title: 'Հարցեր' })).body as { id: number };
    const [typist, desk] = await Promise.all([connect(second.url, captioner), connect(second.url, clerk)]);
    clients.push(typist, desk);

    const soFar = recorded();
    const [recording] = queryServerDb<{ started_at: string; status: string }>(dataDir, 'SELECT started_at, status FROM recordings WHERE session_id = ?', sessionId);
    // The wall clock since the recording started counts the pause: the test can tell the two apart.
    expect((Date.now() - Date.parse(recording!.started_at)) / 1000).toBeGreaterThan(soFar + pauseMs / 1000);

    const line = await ok(typist, 'caption:send', { sessionId, lang: 'hy', text: 'Նիստը շարունակվում է։' });
    expect(line.startSec).toBeGreaterThanOrEqual(soFar - 0.001);
    expect(line.startSec).toBeLessThan(soFar + 0.5);

    const mark = await ok(desk, 'agenda:activate', { sessionId, agendaItemId: item.id });
    expect(mark.startSec).toBeGreaterThanOrEqual(soFar - 0.001);
    expect(mark.startSec).toBeLessThan(soFar + 0.5);
  }, 150_000);
});
