import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { putOnAir, takeOffAir, type OnAir } from '../helpers/live-scenario.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok, request, type Client } from '../helpers/signaling.js';

/**
 * Live captions on the product defaults: a council session on air from the broadcast CLI with its
 * recording, a captioner's lines over `/captions` to residents and into the live HLS's WebVTT rendition,
 * corrections for 10 s by their author, and at the end the recording's caption track.
 */
let server: TestServer;
let onAir: OnAir;
let captioner: Login;
let clerk: Login;
let operator: Login;
const clients: Client[] = [];
const open = async (auth: Login | null) => {
  const c = await connect(server.url, auth);
  clients.push(c);
  return c;
};
const get = (url: string) => fetch(`${server.url}${url}`).then(async (r) => ({ status: r.status, text: await r.text(), type: r.headers.get('content-type') }));

/** Every WebVTT segment of the live rendition of `lang`, joined (what a player has fetched by now). */
async function liveRendition(sessionId: number, lang: string): Promise<string> {
  const playlist = await get(`/recordings/${sessionId}/captions.${lang}.m3u8`);
  if (playlist.status !== 200) return '';
  const uris = playlist.text.split('\n').filter((l) => l && !l.startsWith('#'));
  const parts = await Promise.all(uris.map((u) => get(`/recordings/${sessionId}/${u}`).then((r) => r.text)));
  return parts.join('\n');
}

beforeAll(async () => {
  server = await startServer();
  [captioner, clerk, operator] = await Promise.all([login(server, 'captioner'), login(server, 'clerk'), login(server, 'operator')]);
  onAir = await putOnAir(server, { recording: true });
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await takeOffAir(onAir?.cli);
  await server?.stop();
});

describe('live captions', () => {
  let cueId: number;

  it("carries a captioner's line to residents and into the live HLS WebVTT rendition", async () => {
    const [typist, resident] = await Promise.all([open(captioner), open(null)]);
    const watched = await ok(resident, 'caption:watch', { sessionId: onAir.sessionId });
    expect(watched).toEqual({ sessionId: onAir.sessionId, cues: [] });
    const heard = nextEvent(resident, 'caption:cue');
    const sent = await ok(typist, 'caption:send', { sessionId: onAir.sessionId, lang: 'hy', text: 'Բարև ձեզ, նիստը բացված է։' });
    cueId = sent.cueId;
    expect(sent).toMatchObject({ lang: 'hy', text: 'Բարև ձեզ, նիստը բացված է։', sessionId: onAir.sessionId });
    expect(Date.parse(sent.correctableUntil) - Date.parse(sent.sentAt)).toBe(10_000);
    // Timed on the recording's timeline: the recorder has been running, so the line is past 0.
    expect(sent.startSec).toBeGreaterThan(0);
    expect(await heard).toEqual({ cueId, sessionId: onAir.sessionId, lang: 'hy', text: 'Բարև ձեզ, նիստը բացված է։', startSec: sent.startSec });

    const master = await get(`/recordings/${onAir.sessionId}/master.m3u8`);
    expect(master.status).toBe(200);
    expect(master.text).toMatch(/#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=NO,AUTOSELECT=YES,URI="captions.hy.m3u8"/);
    expect(master.text).toMatch(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,SUBTITLES="subs"\nsource\/index.m3u8/);
    const subs = await get(`/recordings/${onAir.sessionId}/captions.hy.m3u8`);
    expect(subs.text).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(subs.text).not.toContain('#EXT-X-ENDLIST');
    // The line is in the rendition once the video segment it starts in is written.
    await expect.poll(() => liveRendition(onAir.sessionId, 'hy'), { timeout: 30_000, interval: 500 }).toContain('Բարև ձեզ, նիստը բացված է։');
    const segment = (await get(`/recordings/${onAir.sessionId}/captions.hy.0.vtt`));
    expect(segment.type).toMatch(/^text\/vtt/);
    expect(segment.text.startsWith('WEBVTT')).toBe(true);
  });

  it('replaces a line corrected within 10 s everywhere, and refuses a later correction clearly', async () => {
    const [typist, resident] = await Promise.all([open(captioner), open(null)]);
    await ok(resident, 'caption:watch', { sessionId: onAir.sessionId });
    const heard = nextEvent(resident, 'caption:cue');
    const fixed = await ok(typist, 'caption:correct', { sessionId: onAir.sessionId, cueId, text: 'Բարև ձեզ, նիստը բաց է։' });
    expect(fixed).toMatchObject({ cueId, text: 'Բարև ձեզ, նիստը բաց է։' });
    expect(await heard).toMatchObject({ cueId, text: 'Բարև ձեզ, նիստը բաց է։', replaced: true });
    const rendition = await liveRendition(onAir.sessionId, 'hy');
    expect(rendition).toContain('Բարև ձեզ, նիստը բաց է։');
    expect(rendition).not.toContain('բացված');

    // Another staff member may not correct it, even within the 10 s.
    const other = await request(await open(clerk), 'caption:correct', { sessionId: onAir.sessionId, cueId, text: 'x' });
    expect(other).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Only the person who sent a line can correct it.' } });

    // Ten seconds later (the line's send time moved back rather than the test waiting).
    const db = new Database(path.join(server.dataDir, 'nist.db'));
    db.prepare('UPDATE live_caption_cues SET sent_at = ? WHERE id = ?').run(new Date(Date.now() - 10_500).toISOString(), cueId);
    db.close();
    const late = await request(typist, 'caption:correct', { sessionId: onAir.sessionId, cueId, text: 'Too late' });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict', message: 'A line can be corrected only within 10 seconds of sending it; send a new line instead.' } });
    expect(queryServerDb<{ text: string }>(server.dataDir, 'SELECT text FROM live_caption_cues WHERE id = ?', cueId)[0]!.text).toBe('Բարև ձեզ, նիստը բաց է։');
  });

  it('gives a late joiner the recent lines, corrected, in each language', async () => {
    const typist = await open(clerk);
    await ok(typist, 'caption:send', { sessionId: onAir.sessionId, lang: 'en', text: 'Good afternoon, the session is open.' });
    const late = await ok(await open(null), 'caption:watch', { sessionId: onAir.sessionId });
    expect(late.cues.map((c: { lang: string; text: string }) => [c.lang, c.text])).toEqual([
      ['hy', 'Բարև ձեզ, նիստը բաց է։'],
      ['en', 'Good afternoon, the session is open.'],
    ]);
  });

  it('lets only captioners and clerks of the body send, and only while the session is live', async () => {
    const before = countRows(server.dataDir, 'live_caption_cues');
    const line = { sessionId: onAir.sessionId, lang: 'hy', text: 'Ոչ' };
    expect(await request(await open(null), 'caption:send', line)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await request(await open(operator), 'caption:send', line)).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only a captioner or clerk of this body can send live captions.' },
    });
    const scheduled = addSession(server);
    expect(await request(await open(captioner), 'caption:send', { ...line, sessionId: scheduled })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await request(await open(captioner), 'caption:send', { ...line, sessionId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(countRows(server.dataDir, 'live_caption_cues')).toBe(before);
  });

  const bad: [string, string, unknown][] = [
    ['no payload fields', 'caption:send', {}],
    ['an unknown language', 'caption:send', { sessionId: 1, lang: 'fr', text: 'x' }],
    ['an empty line', 'caption:send', { sessionId: 1, lang: 'hy', text: '' }],
    ['a line of spaces', 'caption:send', { sessionId: 1, lang: 'hy', text: '   ' }],
    ['a line over 300 characters', 'caption:send', { sessionId: 1, lang: 'hy', text: 'ա'.repeat(301) }],
    ['text that is not text', 'caption:send', { sessionId: 1, lang: 'hy', text: 42 }],
    ['a session id that is not one', 'caption:send', { sessionId: 'abc', lang: 'hy', text: 'x' }],
    ['an extra field', 'caption:send', { sessionId: 1, lang: 'hy', text: 'x', author: 'mayor' }],
    ['a correction without a cue', 'caption:correct', { sessionId: 1, text: 'x' }],
    ['a negative cue id', 'caption:correct', { sessionId: 1, cueId: -3, text: 'x' }],
    ['a watch without a session', 'caption:watch', {}],
  ];
  it.each(bad)('answers %s with a validation error ack naming the field', async (_name, event, payload) => {
    const before = countRows(server.dataDir, 'live_caption_cues');
    const ack = await request(await open(captioner), event, payload);
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (!ack.ok) expect(ack.error.issues?.length).toBeGreaterThan(0);
    expect(countRows(server.dataDir, 'live_caption_cues')).toBe(before);
  });

  it("makes the lines the recording's caption track in each language when the session ends", async () => {
    const operatorClient = await open(operator);
    await ok(operatorClient, 'session:end', { sessionId: onAir.sessionId });
    await expect
      .poll(async () => (await call(server.url, null, 'GET', `/api/sessions/${onAir.sessionId}`)).body.captions?.map((c: { lang: string }) => c.lang).sort(), { timeout: 20_000 })
      .toEqual(['en', 'hy']);
    const session = (await call(server.url, null, 'GET', `/api/sessions/${onAir.sessionId}`)).body;
    const hy = await get(session.captions.find((c: { lang: string }) => c.lang === 'hy').url);
    expect(hy.text).toMatch(/^WEBVTT\n\n1\n\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\nԲարև ձեզ, նիստը բաց է։\n$/);
    // Editable in the captions editor: the archivist's caption route reads the same track.
    const archivist = await login(server, 'archivist');
    const recordingId = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', onAir.sessionId)[0]!.id;
    const edited = await call(server.url, archivist, 'GET', `/api/archive/recordings/${recordingId}/captions/hy`);
    expect(edited.status).toBe(200);
    expect(JSON.stringify(edited.body)).toContain('Բարև ձեզ, նիստը բաց է։');
    const audit = queryServerDb<{ action: string }>(server.dataDir, "SELECT action FROM audit_log WHERE action = 'caption.live'");
    expect(audit).toHaveLength(2);
  });
});
