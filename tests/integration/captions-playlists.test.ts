import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';
import { sleep } from '../helpers/wait.js';

let server: TestServer;
let archivist: Login;
let ended: number;
let recordingId: number;

withServer(async (s) => {
  server = s;
  archivist = await login(server, 'archivist');
  ended = demoIds(server).endedSessionId;
  recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', ended)[0]!.id;
  // The demo recording's ladder is made by a job after start-up (it replaces the session's folder).
  const deadline = Date.now() + 120_000;
  while (queryServerDb<{ status: string }>(server.dataDir, 'SELECT status FROM recordings WHERE id = ?', recordingId)[0]!.status !== 'ready') {
    if (Date.now() > deadline) throw new Error('the demo recording did not become ready');
    await sleep(250);
  }
}, undefined, 150_000);

const masterUrl = () => `${server.url}/recordings/${ended}/master.m3u8`;
const get = async (url: string, auth: Login | null = null) => {
  const res = await fetch(url, { headers: auth ? { cookie: auth.cookie } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '', cache: res.headers.get('cache-control') ?? '' };
};
const putVtt = (lang: string, body: string) =>
  fetch(`${server.url}/api/archive/recordings/${recordingId}/captions/${lang}`, {
    method: 'PUT',
    headers: { 'content-type': 'text/vtt', cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken },
    body,
  });
/** Every EXT-X-MEDIA subtitle entry as its attributes. */
const subtitleEntries = (master: string) =>
  master
    .split('\n')
    .filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES'))
    .map((l) => Object.fromEntries([...l.matchAll(/([A-Z-]+)=("[^"]*"|[^,]*)/g)].map((m) => [m[1], m[2]!.replace(/"/g, '')])));

const hy = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nԲարև ձեզ, հարգելի ավագանու անդամներ։\n\n00:00:05.000 --> 00:00:08.000\nԱնցնում ենք օրակարգին։\n';
const en = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nGood evening, council members.\n';

describe('captions in the HLS master playlist', () => {
  it('lists uploaded captions as SUBTITLES renditions whose playlists serve the WebVTT file', async () => {
    const before = await get(masterUrl());
    expect(before.status).toBe(200);
    expect(before.text).not.toContain('SUBTITLES');

    expect((await putVtt('en', en)).status).toBe(200);
    expect((await putVtt('hy', hy)).status).toBe(200);

    const master = await get(masterUrl());
    expect(master.status).toBe(200);
    expect(master.type).toContain('mpegurl');
    expect(master.cache).toBe('no-cache');
    const entries = subtitleEntries(master.text);
    // Armenian first, each language once; none forced on (the player picks the page's language).
    expect(entries.map((e) => [e.LANGUAGE, e.NAME, e.DEFAULT, e['GROUP-ID'], e.AUTOSELECT])).toEqual([
      ['hy', 'Հայերեն', 'NO', 'subs', 'YES'],
      ['en', 'English', 'NO', 'subs', 'YES'],
    ]);
    const variants = master.text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v.match(/SUBTITLES="subs"/g)).toHaveLength(1);
    // The variants' own playlists are untouched.
    expect(master.text.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(before.text.split('\n').filter((l) => l && !l.startsWith('#')));

    const duration = queryServerDb<{ d: number }>(server.dataDir, 'SELECT duration_s AS d FROM recordings WHERE id = ?', recordingId)[0]!.d;
    for (const [entry, source] of [[entries[0]!, hy], [entries[1]!, en]] as const) {
      const playlistUrl = new URL(entry.URI!, masterUrl()).href;
      const playlist = await get(playlistUrl);
      expect(playlist.status).toBe(200);
      const lines = playlist.text.trim().split('\n');
      expect(lines[0]).toBe('#EXTM3U');
      expect(lines).toContain(`#EXT-X-TARGETDURATION:${Math.ceil(duration)}`);
      expect(lines).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(lines.at(-1)).toBe('#EXT-X-ENDLIST');
      const extinf = lines.filter((l) => l.startsWith('#EXTINF:'));
      expect(extinf).toHaveLength(1);
      expect(Number(/#EXTINF:([\d.]+),/.exec(extinf[0]!)![1])).toBeCloseTo(duration, 2);
      const segments = lines.filter((l) => !l.startsWith('#'));
      expect(segments).toHaveLength(1);
      const vtt = await get(new URL(segments[0]!, playlistUrl).href);
      expect(vtt.status).toBe(200);
      expect(vtt.text).toBe(source);
    }

  });

  it('follows an edit at once and drops a deleted language', async () => {
    const edited = 'WEBVTT\n\n00:00:02.000 --> 00:00:03.500\nԲյուջեի քննարկում։\n';
    const put = (await putVtt('hy', edited).then((r) => r.json())) as { url: string };
    const master = await get(masterUrl());
    const hyEntry = subtitleEntries(master.text).find((e) => e.LANGUAGE === 'hy')!;
    const playlistUrl = new URL(hyEntry.URI!, masterUrl()).href;
    const segment = (await get(playlistUrl)).text.split('\n').find((l) => l.endsWith('.vtt'))!;
    expect(new URL(segment, playlistUrl).pathname).toBe(put.url);
    expect((await get(new URL(segment, playlistUrl).href)).text).toBe(edited);

    expect((await call(server.url, archivist, 'DELETE', `/api/archive/recordings/${recordingId}/captions/en`)).status).toBe(204);
    const after = await get(masterUrl());
    expect(subtitleEntries(after.text).map((e) => e.LANGUAGE)).toEqual(['hy']);
    expect((await get(`${server.url}/recordings/${ended}/captions.en.m3u8`)).status).toBe(404);

    expect((await call(server.url, archivist, 'DELETE', `/api/archive/recordings/${recordingId}/captions/hy`)).status).toBe(204);
    const none = await get(masterUrl());
    expect(none.text).not.toContain('SUBTITLES');
    expect((await get(`${server.url}/recordings/${ended}/captions.hy.m3u8`)).status).toBe(404);
  });

  it.each([
    ['no header', '00:00:01.000 --> 00:00:02.000\nx'],
    ['cues out of order', 'WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nb\n\n00:00:01.000 --> 00:00:02.000\na\n'],
    ['a cue ending before it starts', 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n'],
  ])('refuses a caption file with %s and changes nothing', async (_name, body) => {
    expect((await putVtt('ru', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nДобрый вечер.\n')).status).toBe(200);
    const master = (await get(masterUrl())).text;
    const counts = [countRows(server.dataDir, 'captions'), countRows(server.dataDir, 'search')];
    const res = await putVtt('ru', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/WebVTT|Line \d+/);
    expect((await get(masterUrl())).text).toBe(master);
    expect([countRows(server.dataDir, 'captions'), countRows(server.dataDir, 'search')]).toEqual(counts);
    expect((await get(`${server.url}/recordings/${ended}/captions.ru.m3u8`)).text).toContain('#EXT-X-ENDLIST');
  });

  it("keeps a private recording's subtitle playlists from residents", async () => {
    expect((await putVtt('hy', hy)).status).toBe(200);
    const db = new Database(path.join(server.dataDir, 'nist.db'));
    db.prepare(`UPDATE sessions SET visibility = 'private' WHERE id = ?`).run(ended);
    db.close();
    try {
      const staffMaster = await get(masterUrl(), archivist);
      expect(staffMaster.status).toBe(200);
      expect(staffMaster.cache).toContain('no-store');
      const uri = subtitleEntries(staffMaster.text).find((e) => e.LANGUAGE === 'hy')!.URI!;
      const playlistUrl = new URL(uri, masterUrl()).href;
      const staffPlaylist = await get(playlistUrl, archivist);
      expect(staffPlaylist.status).toBe(200);
      const vttUrl = new URL(staffPlaylist.text.split('\n').find((l) => l.endsWith('.vtt'))!, playlistUrl).href;
      expect((await get(vttUrl, archivist)).status).toBe(200);

      for (const url of [masterUrl(), playlistUrl, vttUrl, `${server.url}/recordings/${ended}/captions.ru.m3u8`]) {
        const resident = await get(url);
        expect(resident.status, url).toBe(404);
        expect(resident.text).not.toContain('WEBVTT');
        expect(resident.text).not.toContain('#EXTM3U');
      }
    } finally {
      const back = new Database(path.join(server.dataDir, 'nist.db'));
      back.prepare(`UPDATE sessions SET visibility = 'public' WHERE id = ?`).run(ended);
      back.close();
    }
  });
});
