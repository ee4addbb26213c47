import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audioRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { call, login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok, request } from '../helpers/signaling.js';

let server: TestServer;
const { open } = withServer((s) => {
  server = s;
});
const recordingsOf = (sessionId: number) =>
  queryServerDb<{ id: number; status: string }>(server.dataDir, `SELECT id, status FROM recordings WHERE session_id = ${sessionId}`);

describe('meeting recording chosen by the host', () => {
  it('lets only the host start and stop it, tells every participant, and keeps one recording across a stop', async () => {
    const sessionId = addSession(server, { kind: 'meeting' });
    const [host, staff, outsider] = [await open('clerk'), await open('staff'), await open()];

    // Joining tells each participant whether the meeting is being recorded.
    const hostState = nextEvent(host, 'meeting:recording');
    await ok(host, 'signal:join', { sessionId, role: 'participant' });
    expect(await hostState).toEqual({ sessionId, recording: false, by: null });
    await ok(staff, 'signal:join', { sessionId, role: 'participant' });

    expect(await request(outsider, 'meeting:record', { sessionId, record: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await request(staff, 'meeting:record', { sessionId, record: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(host, 'meeting:record', { sessionId: sessionId + 1000, record: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(recordingsOf(sessionId)).toEqual([]);

    const told = [nextEvent(host, 'meeting:recording'), nextEvent(staff, 'meeting:recording')];
    expect(await ok(host, 'meeting:record', { sessionId, record: true })).toEqual({ recording: true });
    for (const e of await Promise.all(told)) expect(e).toEqual({ sessionId, recording: true, by: 'clerk' });
    const [first] = recordingsOf(sessionId);
    expect(first).toMatchObject({ status: 'recording' });
    // Asking again changes nothing.
    expect(await ok(host, 'meeting:record', { sessionId, record: true })).toEqual({ recording: true });

    // Someone joining later learns at once that the meeting is being recorded.
    const late = await open('operator');
    const lateState = nextEvent(late, 'meeting:recording');
    await ok(late, 'signal:join', { sessionId, role: 'participant' });
    expect(await lateState).toEqual({ sessionId, recording: true, by: null });

    const stopped = nextEvent(staff, 'meeting:recording');
    expect(await ok(host, 'meeting:record', { sessionId, record: false })).toEqual({ recording: false });
    expect(await stopped).toEqual({ sessionId, recording: false, by: 'clerk' });
    expect(await request(staff, 'meeting:record', { sessionId, record: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A microphone arriving while stopped does not restart the recording behind the host's back.
    const transport = await ok(staff, 'signal:create-transport', { direction: 'send' });
    await ok(staff, 'signal:produce', { transportId: transport.id, kind: 'audio', rtpParameters: { ...audioRtpParameters(4242), mid: '0' }, source: 'microphone' });

    // Recording again continues the same recording (and it had really stopped: everyone is told it starts).
    const restarted = nextEvent(staff, 'meeting:recording');
    expect(await ok(host, 'meeting:record', { sessionId, record: true })).toEqual({ recording: true });
    expect(await restarted).toEqual({ sessionId, recording: true, by: 'clerk' });
    expect(recordingsOf(sessionId)).toEqual([first]);

    // The recording is private to the body: its files exist for staff and for nobody else.
    const playlist = `/recordings/${sessionId}/source/index.m3u8`;
    expect(fs.existsSync(path.join(server.recordingsDir, String(sessionId), 'source/index.m3u8'))).toBe(true);
    const staffLogin = await login(server, 'staff');
    const seen = await call(server.url, staffLogin, 'GET', playlist);
    expect(seen.status).toBe(200);
    expect(String(seen.body)).toContain('#EXTM3U');
    expect(seen.headers.get('cache-control')).toContain('no-store');
    expect((await call(server.url, null, 'GET', playlist)).status).toBe(404);
    expect((await call(server.url, null, 'GET', `/api/sessions/${sessionId}`)).status).toBe(404);

    const ended = nextEvent(staff, 'session:ended');
    await ok(host, 'session:end', { sessionId });
    await ended;
    expect(await request(host, 'meeting:record', { sessionId, record: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it.each([
    ['no record flag', (id: number) => ({ sessionId: id })],
    ['a record flag that is not a boolean', (id: number) => ({ sessionId: id, record: 'yes' })],
    ['a bad session id', () => ({ sessionId: -4, record: true })],
    ['an unknown field', (id: number) => ({ sessionId: id, record: true, peerId: 'x' })],
    ['no payload', () => undefined],
  ])('answers %s with a validation error and changes nothing', async (_name, payload) => {
    const sessionId = addSession(server, { kind: 'meeting' });
    const host = await open('clerk');
    await ok(host, 'signal:join', { sessionId, role: 'participant' });
    expect(await request(host, 'meeting:record', payload(sessionId))).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(recordingsOf(sessionId)).toEqual([]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
