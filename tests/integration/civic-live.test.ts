import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { generateClip } from '../helpers/fixtures.js';
import { sleep, waitFor, broadcastFile } from '../helpers/wait.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok } from '../helpers/signaling.js';

let server: TestServer;
let clerk: Login;
let operator: Login;
let feed: ChildProcess | undefined;
const { open } = withServer(async (s) => {
  server = s;
  [clerk, operator] = await Promise.all([login(s, 'clerk'), login(s, 'operator')]);
});
// A broadcast feed a test left running.
afterAll(() => feed?.kill('SIGINT'));


describe('live agenda marking on a recorded broadcast', () => {
  it('starts each chapter within 1 s of where that moment lands in the recording', async () => {
    const clip = await generateClip({ seconds: 4, width: 320, height: 180 });
    const sessionId = addSession(server);
    const items = [];
    for (const title of ['Օրակարգի հաստատում', 'Բյուջեի կատարողական']) {
      items.push((await call(server.url, clerk, 'POST', `/api/clerk/sessions/${sessionId}/agenda`, { number: String(items.length + 1), title })).body as { id: number });
    }
    const [resident, desk, op] = [await open(), await open(clerk), await open(operator)];
    await ok(resident, 'session:watch', { sessionId });
    const live = nextEvent(resident, 'session:live');
    feed = broadcastFile(server, sessionId, clip);
    await live;
    const recording = await waitFor('the recording to start', () =>
      queryServerDb<{ id: number; started_at: string }>(server.dataDir, "SELECT id, started_at FROM recordings WHERE session_id = ? AND status = 'recording'", sessionId)[0],
    );
    await sleep(5000);

    const marks: { itemId: number; at: number; startSec: number }[] = [];
    for (const item of items) {
      const seen = nextEvent(resident, 'agenda:activated');
      const at = Date.now();
      const data = await ok(desk, 'agenda:activate', { sessionId, agendaItemId: item.id });
      expect(await seen).toEqual(data);
      expect(data.startSec).toEqual(expect.any(Number));
      marks.push({ itemId: item.id, at, startSec: data.startSec });
      await sleep(4000);
    }
    const endedAt = Date.now();
    await ok(op, 'session:end', { sessionId });
    const duration = await waitFor('the recording to be finalized', () =>
      queryServerDb<{ duration_s: number | null }>(server.dataDir, 'SELECT duration_s FROM recordings WHERE id = ?', recording.id)[0]?.duration_s,
      // The recorder's ffmpeg closes its last segment first: on a machine other suites load, that has taken over 30 s.
      90_000,
    );

    const chapters = queryServerDb<{ agenda_item_id: number; start_s: number; end_s: number | null }>(server.dataDir, 'SELECT * FROM chapters WHERE recording_id = ? ORDER BY start_s', recording.id);
    expect(chapters.map((c) => c.agenda_item_id)).toEqual(items.map((i) => i.id));
    expect(chapters[0]!.end_s).toBe(chapters[1]!.start_s);
    for (const mark of marks) {
      // The moment of the click, counted back from the end of the finished recording.
      const expected = duration - (endedAt - mark.at) / 1000;
      const chapter = chapters.find((c) => c.agenda_item_id === mark.itemId)!;
      expect(chapter.start_s).toBe(mark.startSec);
      expect(Math.abs(chapter.start_s - expected), `chapter at ${chapter.start_s}s, click at ${expected.toFixed(2)}s of ${duration}s`).toBeLessThan(1);
    }
    expect(Math.abs(marks[1]!.startSec - marks[0]!.startSec - (marks[1]!.at - marks[0]!.at) / 1000)).toBeLessThan(1);
  }, 90_000);
});
