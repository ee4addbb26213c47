import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { validateIcs, validateRss } from '../helpers/feeds.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';

let server: TestServer;
let archivist: Login;
let clerk: Login;
let operator: Login;
let ended: number;
let recordingId: number;

withServer(async (s) => {
  server = s;
  [archivist, clerk, operator] = await Promise.all([login(server, 'archivist'), login(server, 'clerk'), login(server, 'operator')]);
  ended = demoIds(server).endedSessionId;
  recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', ended)[0]!.id;
});

const vtt = (lines: string) => `WEBVTT\n\n${lines}`;
function putVtt(auth: Login | null, lang: string, body: string, type = 'text/vtt') {
  const headers: Record<string, string> = { 'content-type': type };
  if (auth) Object.assign(headers, { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken });
  return fetch(`${server.url}/api/archive/recordings/${recordingId}/captions/${lang}`, { method: 'PUT', headers, body }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}
const search = async (q: string, lang?: string) =>
  (await call(server.url, null, 'GET', `/api/search?q=${encodeURIComponent(q)}${lang ? `&lang=${lang}` : ''}`)).body.items as { kind: string; startSec: number | null; sessionId: number; snippet: string }[];

describe('captions', () => {
  it('stores WebVTT per language, shows it on the session, and searches its cues at their moments', async () => {
    const hy = vtt('1\n00:00:01.000 --> 00:00:04.000\nԲարև ձեզ, հարգելի ավագանու անդամներ։\n\n00:00:12.500 --> 00:00:15.000\n<v Նախագահ>Անցնում ենք ջրամատակարարման հարցին։');
    const res = await putVtt(archivist, 'hy', hy);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lang: 'hy', cues: 2 });
    const detail = (await call(server.url, null, 'GET', `/api/sessions/${ended}`)).body;
    expect(detail.captions).toEqual([{ lang: 'hy', url: res.body.url }]);
    expect(await (await fetch(server.url + res.body.url)).text()).toBe(hy);

    const hits = await search('ջրամատակարարման');
    expect(hits).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'caption', sessionId: ended, startSec: 12.5 })]));
    expect((await search('ջրամատակարարման', 'ru')).some((h) => h.kind === 'caption')).toBe(false);

    const ru = await putVtt(archivist, 'ru', vtt('00:00:02.000 --> 00:00:03.000\nПереходим к вопросу водоснабжения.'));
    expect(ru.status).toBe(200);
    expect((await search('водоснабж')).find((h) => h.kind === 'caption')).toMatchObject({ startSec: 2 });

    // An edit gets a new file name (recordings are cached as immutable) and the old file goes.
    const edited = await putVtt(archivist, 'hy', vtt('00:00:20.000 --> 00:00:22.000\nԲյուջեի փոփոխությունները։'));
    expect(edited.body.url).not.toBe(res.body.url);
    expect(fs.existsSync(path.join(server.recordingsDir, res.body.url.replace('/recordings/', '')))).toBe(false);
    expect((await search('ջրամատակարարման')).some((h) => h.kind === 'caption')).toBe(false);
    const text = await call(server.url, archivist, 'GET', `/api/archive/recordings/${recordingId}/captions/hy`);
    expect(text.body).toContain('Բյուջեի փոփոխությունները');

    expect((await call(server.url, archivist, 'DELETE', `/api/archive/recordings/${recordingId}/captions/ru`)).status).toBe(204);
    expect((await search('водоснабж')).some((h) => h.kind === 'caption')).toBe(false);
    expect(queryServerDb(server.dataDir, "SELECT * FROM audit_log WHERE action LIKE 'caption.%'")).toHaveLength(4);
  });

  const bad: [string, () => Login | null, string, string, string, number][] = [
    ['no WEBVTT header', () => archivist, 'hy', '00:00:01.000 --> 00:00:02.000\nx', 'text/vtt', 400],
    ['a broken timing', () => archivist, 'hy', vtt('00:00:01 --> soon\nx'), 'text/vtt', 400],
    ['a cue ending before it starts', () => archivist, 'hy', vtt('00:00:05.000 --> 00:00:02.000\nx'), 'text/vtt', 400],
    ['JSON instead of WebVTT', () => archivist, 'hy', '{"a":1}', 'application/json', 400],
    ['an unknown language', () => archivist, 'de', vtt('00:00:01.000 --> 00:00:02.000\nx'), 'text/vtt', 400],
    ['too large', () => archivist, 'hy', vtt('00:00:01.000 --> 00:00:02.000\n' + 'ա'.repeat(1_100_000)), 'text/vtt', 413],
    ['a clerk', () => clerk, 'hy', vtt('00:00:01.000 --> 00:00:02.000\nx'), 'text/vtt', 403],
    ['no login', () => null, 'hy', vtt('00:00:01.000 --> 00:00:02.000\nx'), 'text/vtt', 401],
  ];
  it.each(bad)('refuses captions with %s (nothing changes)', async (_n, auth, lang, body, type, status) => {
    const before = [countRows(server.dataDir, 'captions'), countRows(server.dataDir, 'search'), countRows(server.dataDir, 'audit_log')];
    const res = await putVtt(auth(), lang, body, type);
    expect(res.status).toBe(status);
    expect(res.body.error.message.length).toBeGreaterThan(5);
    expect([countRows(server.dataDir, 'captions'), countRows(server.dataDir, 'search'), countRows(server.dataDir, 'audit_log')]).toEqual(before);
  });
});

describe('chapters after the session', () => {
  it('moves chapters on the timeline; chapters.vtt and search follow', async () => {
    const agenda = (await call(server.url, null, 'GET', `/api/sessions/${ended}`)).body.agenda as { id: number; title: string }[];
    const res = await call(server.url, clerk, 'PUT', `/api/archive/recordings/${recordingId}/chapters`, {
      chapters: [{ agendaItemId: agenda[1]!.id, startSec: 9.5 }, { agendaItemId: agenda[0]!.id, startSec: 1.25 }],
    });
    expect(res.status).toBe(200);
    const after = (await call(server.url, null, 'GET', `/api/sessions/${ended}`)).body.agenda;
    expect(after.map((a: { startSec: number }) => a.startSec)).toEqual([1.25, 9.5]);
    const file = await (await fetch(`${server.url}/recordings/${ended}/chapters.vtt`)).text();
    expect(file).toMatch(/^WEBVTT\n\n1\n00:00:01\.250 --> 00:00:09\.500\n1\. /);
    expect(file).toContain('00:00:09.500 --> ');
    const hit = (await search(agenda[1]!.title.split(' ')[0]!)).find((h) => h.kind === 'agenda' && h.sessionId === ended);
    expect(hit?.startSec).toBe(9.5);
  });

  it.each([
    ['foreign item', () => clerk, { chapters: [{ agendaItemId: 1, startSec: 1 }] }, 400],
    ['negative start', () => clerk, { chapters: [{ agendaItemId: 1, startSec: -1 }] }, 400],
    ['item twice', () => clerk, { chapters: [{ agendaItemId: 5, startSec: 1 }, { agendaItemId: 5, startSec: 2 }] }, 400],
    ['not a list', () => clerk, { chapters: 'all' }, 400],
    ['operator', () => operator, { chapters: [] }, 403],
  ] as const)('refuses chapters with %s', async (_n, auth, body, status) => {
    const before = queryServerDb(server.dataDir, 'SELECT * FROM chapters ORDER BY agenda_item_id');
    const res = await call(server.url, auth(), 'PUT', `/api/archive/recordings/${recordingId}/chapters`, body);
    expect(res.status).toBe(status);
    expect(queryServerDb(server.dataDir, 'SELECT * FROM chapters ORDER BY agenda_item_id')).toEqual(before);
  });
});

describe('feeds', () => {
  it('publishes upcoming sessions per body as valid iCalendar', async () => {
    const res = await fetch(`${server.url}/feeds/ashtarak-council.ics?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    const { events } = validateIcs(await res.text());
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.SUMMARY)).toContain('Ավագանու հերթական նիստ');
    expect(events.some((e) => e.SUMMARY?.includes('խորհրդակցություն'))).toBe(false); // the private meeting
    expect((await fetch(`${server.url}/feeds/nowhere.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/feeds/..%2Fetc.ics`)).status).toBe(404);
  });

  it('publishes new recordings as valid RSS', async () => {
    const res = await fetch(`${server.url}/feeds/archive.rss`);
    expect(res.headers.get('content-type')).toContain('application/rss+xml');
    const { items } = validateRss(await res.text());
    expect(items.map((i) => i.link)).toContain(`${server.url}/sessions/${ended}`);
  });

  it('keeps the validators honest', () => {
    expect(() => validateIcs('BEGIN:VCALENDAR\r\nEND:VCALENDAR')).toThrow();
    expect(() => validateRss('<?xml version="1.0" encoding="UTF-8"?><rss><channel><title>a & b</title></channel></rss>')).toThrow();
  });
});
