import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { generateClip } from '../helpers/fixtures.js';
import { importCli as runImport } from '../helpers/import-cli.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

/**
 * One way to set chapters (ChaptersService): whichever path set them — the import, the demo, the chapter
 * editor — search hits of agenda items and of their decisions play from the chapter, and chapters.vtt (served
 * and in the recording folder) says the same.
 */
let server: TestServer;
let archivist: Login;

type Hit = { sessionId: number; kind: string; title: string; startSec: number | null };
const search = async (q: string): Promise<Hit[]> => (await call(server.url, null, 'GET', `/api/search?q=${encodeURIComponent(q)}`)).body.items;
type Detail = { agenda: { id: number; title: string; startSec: number | null }[]; recording: { status: string } | null };
const detail = async (id: number): Promise<Detail> => (await call(server.url, null, 'GET', `/api/sessions/${id}`)).body;
const servedVtt = async (id: number) => (await fetch(`${server.url}/recordings/${id}/chapters.vtt`)).text();
const diskVtt = (id: number) => fs.readFileSync(path.join(server.recordingsDir, String(id), 'chapters.vtt'), 'utf8');

/** `npm run import` into the running server's data (the server reads the database per request). */
const importCli = (args: string[]) => runImport(server, args);

withServer(async (s) => {
  server = s;
  archivist = await login(server, 'archivist');
}, undefined, 60_000);

describe('an imported agenda', () => {
  it('is searchable by a word prefix to the moment its item starts', async () => {
    const media = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-chapters-'));
    const clip = await generateClip({ seconds: 4, width: 320, height: 180, dir: media });
    const agenda = path.join(media, 'agenda.json');
    fs.writeFileSync(
      agenda,
      JSON.stringify([
        { number: '1', title: 'Նիստի բացում', startSec: 0 },
        { number: '2', title: 'Վարչական շենքի բյուջեի հաստատում', startSec: 2.5 },
        { number: '3', title: 'Այլ հարցեր' },
      ]),
    );
    const r = await importCli([clip, '--body', 'ashtarak-council', '--title', 'Ներմուծված նիստ', '--date', '2025-03-14', '--agenda', agenda]);
    expect(r.code, r.stderr).toBe(0);
    const id = Number(r.stdout.trim().split('\n').at(-1));

    // "բյուջե" is a prefix of "բյուջեի": unicode61 keeps Armenian words whole, so the query is a prefix query.
    const hits = (await search('բյուջե')).filter((h) => h.sessionId === id);
    expect(hits).toEqual([expect.objectContaining({ kind: 'agenda', title: '2. Վարչական շենքի բյուջեի հաստատում', startSec: 2.5 })]);
    // The whole word finds it too, and an item without a chapter has no moment.
    expect((await search('բյուջեի')).find((h) => h.sessionId === id)?.startSec).toBe(2.5);
    expect((await search('հարցեր')).find((h) => h.sessionId === id)).toMatchObject({ kind: 'agenda', startSec: null });

    const cue = /2\n00:00:02\.500 --> 00:00:04\.\d{3}\n2\. Վարչական շենքի բյուջեի հաստատում/;
    expect(await servedVtt(id)).toMatch(cue);
    expect(diskVtt(id)).toBe(await servedVtt(id));
  });
});

describe('the demo data', () => {
  it("plays a decision's hit from its agenda item's start, and both follow the chapter editor", async () => {
    const { endedSessionId: ended } = demoIds(server);
    // The demo recording is made in the job queue after start.
    await expect.poll(async () => (await detail(ended)).recording?.status, { timeout: 90_000, interval: 500 }).toBe('ready');
    const before = await detail(ended);
    const item = before.agenda[0]!;
    expect(item.startSec).not.toBeNull();
    const [{ id: recordingId }] = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', ended) as [{ id: number }];

    const hitsFor = async () => {
      const hits = (await search('Ջրամատակարարման')).filter((h) => h.sessionId === ended);
      return { agenda: hits.find((h) => h.kind === 'agenda'), decision: hits.find((h) => h.kind === 'decision') };
    };
    const first = await hitsFor();
    expect(first.agenda?.startSec).toBe(item.startSec);
    expect(first.decision).toBeDefined();
    expect(first.decision!.startSec).toBe(item.startSec);
    expect(diskVtt(ended)).toBe(await servedVtt(ended));

    // Moved on the timeline (the console's chapter editor): the item, its decision and both WebVTT copies.
    const res = await call(server.url, archivist, 'PUT', `/api/archive/recordings/${recordingId}/chapters`, {
      chapters: [
        { agendaItemId: item.id, startSec: 5 },
        { agendaItemId: before.agenda[1]!.id, startSec: 12.5 },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const moved = await hitsFor();
    expect([moved.agenda?.startSec, moved.decision?.startSec]).toEqual([5, 5]);
    expect(await servedVtt(ended)).toMatch(/^WEBVTT\n\n1\n00:00:05\.000 --> 00:00:12\.500\n1\. /);
    expect(diskVtt(ended)).toBe(await servedVtt(ended));

    // Without a chapter, no moment: the decision's hit loses its start with its item's.
    expect((await call(server.url, archivist, 'PUT', `/api/archive/recordings/${recordingId}/chapters`, { chapters: [{ agendaItemId: before.agenda[1]!.id, startSec: 3 }] })).status).toBe(200);
    const cleared = await hitsFor();
    expect([cleared.agenda?.startSec, cleared.decision?.startSec]).toEqual([null, null]);
    expect(diskVtt(ended)).toBe(await servedVtt(ended));
  });
});
