import type { ChildProcess } from 'node:child_process';
import type { Client as Socket } from '../helpers/signaling.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { generateClip } from '../helpers/fixtures.js';
import { ask, connectBrowser, feedEvent, newClientId } from '../helpers/questions.js';
import { sleep, waitFor, broadcastFile } from '../helpers/wait.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok } from '../helpers/signaling.js';

let server: TestServer;
let moderator: Login;
let operator: Login;
let feed: ChildProcess | undefined;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer();
  [moderator, operator] = await Promise.all([login(server, 'moderator'), login(server, 'operator')]);
});
afterAll(async () => {
  feed?.kill('SIGINT');
  for (const s of sockets) s.disconnect();
  await server?.stop();
});


describe('answered questions in a recorded broadcast', () => {
  it('are stored at the recording offset of the moment they were answered', async () => {
    const clip = await generateClip({ seconds: 4, width: 320, height: 180 });
    const sessionId = addSession(server);
    const mod = await connectBrowser(server.url, { auth: moderator });
    const op = await connectBrowser(server.url, { auth: operator });
    const resident = await connectBrowser(server.url, { clientId: newClientId() });
    sockets.push(mod, op, resident);
    await ok(resident, 'session:watch', { sessionId });
    await ok(resident, 'questions:subscribe', { sessionId });
    await ok(mod, 'moderation:subscribe', { sessionId });
    const ids: number[] = [];
    for (const text of ['Առաջին հարցը բյուջեի մասին', 'Երկրորդ հարցը ջրի մասին']) {
      const res = await ask(server, sessionId, { text }, newClientId());
      ids.push(res.body.id);
      await ok(mod, 'moderation:approve', { questionId: res.body.id, expectedVersion: 1 });
    }

    const live = nextEvent(resident, 'session:live');
    feed = broadcastFile(server, sessionId, clip);
    await live;
    const recording = await waitFor('the recording to start', () =>
      queryServerDb<{ id: number }>(server.dataDir, "SELECT id FROM recordings WHERE session_id = ? AND status = 'recording'", sessionId)[0],
    );
    await sleep(5000);

    const marks: { id: number; at: number; answeredAtSec: number }[] = [];
    for (const id of ids) {
      const seen = feedEvent(resident, 'question:updated', (q) => q.id === id && q.status === 'answered');
      const at = Date.now();
      const { question } = await ok(mod, 'moderation:answer', { questionId: id, expectedVersion: 2 });
      expect((await seen).answeredAtSec).toBe(question.answeredAtSec);
      marks.push({ id, at, answeredAtSec: question.answeredAtSec });
      await sleep(4000);
    }
    const endedAt = Date.now();
    await ok(op, 'session:end', { sessionId });
    feed.kill('SIGINT');
    const duration = await waitFor('the recording to be finalized', () =>
      queryServerDb<{ duration_s: number | null }>(server.dataDir, 'SELECT duration_s FROM recordings WHERE id = ?', recording.id)[0]?.duration_s,
    );

    for (const mark of marks) {
      // The moment of the click, counted back from the end of the finished recording. On an idle machine the
      // two agree within 1 s; with the CPU shared by parallel test runs, ffmpeg's progress (the live offset)
      // and the finished file drift apart by up to about 1.5 s, hence the margin.
      const expected = duration - (endedAt - mark.at) / 1000;
      expect(Math.abs(mark.answeredAtSec - expected), `answered at ${mark.answeredAtSec}s, click at ${expected.toFixed(2)}s of ${duration}s`).toBeLessThan(2);
    }
    const archive = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    expect(archive.body.questions.map((q: { id: number; answeredAtSec: number }) => [q.id, q.answeredAtSec]).sort()).toEqual(
      marks.map((m) => [m.id, m.answeredAtSec]).sort(),
    );
  }, 90_000);
});
