import { describe, expect, it } from 'vitest';
import { audioRtpParameters, videoRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { login, type Login } from '../helpers/auth.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok, request, type Client } from '../helpers/signaling.js';

/**
 * Interpreters over `/live` on the product defaults: who may join as one, what their producers carry to
 * residents (track and language), one interpreter per language and one for sign language, and error acks
 * for everything else. The browser side (a resident switching audio, the sign-language PiP) is in
 * tests/e2e/live-interpretation.test.ts.
 */
let server: TestServer;
let operator: Login;
let interpreter: Login;
let clerk: Login;
let moderator: Login;
const { open } = withServer(async (s) => {
  server = s;
  [operator, interpreter, clerk, moderator] = await Promise.all([login(s, 'operator'), login(s, 'interpreter'), login(s, 'clerk'), login(s, 'moderator')]);
});

/** An operator on air with a floor microphone (a PlainTransport, as the broadcast CLI does). */
async function onAir(sessionId: number) {
  const op = await open(operator);
  await ok(op, 'signal:join', { sessionId, role: 'publisher' });
  const plain = await ok(op, 'signal:create-plain-transport', {});
  const floor = await ok(op, 'signal:produce', { transportId: plain.id, kind: 'audio', rtpParameters: audioRtpParameters(1000), source: 'microphone' });
  await ok(op, 'session:go-live', { sessionId });
  return { op, floor: floor.producerId as string };
}

/** Joins as an interpreter and opens a send transport. */
async function asInterpreter(sessionId: number, who: Login) {
  const socket = await open(who);
  const joined = await ok(socket, 'signal:join', { sessionId, role: 'interpreter' });
  const send = await ok(socket, 'signal:create-transport', { direction: 'send' });
  return { socket, joined, transportId: send.id as string };
}

const speak = (i: { socket: Client; transportId: string }, lang: string, ssrc: number) =>
  request(i.socket, 'signal:produce', {
    transportId: i.transportId,
    kind: 'audio',
    rtpParameters: audioRtpParameters(ssrc),
    source: 'microphone',
    appData: { track: 'interpretation', lang },
  });
const sign = (i: { socket: Client; transportId: string }, ssrc: number) =>
  request(i.socket, 'signal:produce', { transportId: i.transportId, kind: 'video', rtpParameters: videoRtpParameters(ssrc), source: 'camera', appData: { track: 'sign' } });

describe('interpreters on a live council session', () => {
  it("tells residents each producer's track and language; one interpreter per language and one for sign language", async () => {
    const sessionId = addSession(server);
    const { floor } = await onAir(sessionId);
    const resident = await open();
    const joined = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    expect(joined.producers).toEqual([expect.objectContaining({ producerId: floor, track: 'floor', kind: 'audio' })]);

    const english = await asInterpreter(sessionId, interpreter);
    expect(english.joined).toMatchObject({ role: 'interpreter', host: false, roomKind: 'broadcast' });
    // The interpreter hears the floor: its join reply lists it.
    expect(english.joined.producers.map((p: { producerId: string }) => p.producerId)).toContain(floor);
    const added = nextEvent(resident, 'producer:added');
    const en = await speak(english, 'en', 2000);
    if (!en.ok) throw new Error(en.error.message);
    expect(await added).toEqual(expect.objectContaining({ producerId: en.data.producerId, track: 'interpretation', lang: 'en', kind: 'audio', source: 'microphone' }));

    // A second interpreter for English is refused with a clear error; Russian is free.
    const second = await asInterpreter(sessionId, clerk);
    expect(await speak(second, 'en', 3000)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'An interpreter is already on air in "en" in this session; there is one per language.' },
    });
    expect(await speak(second, 'ru', 3001)).toMatchObject({ ok: true });

    const signer = await asInterpreter(sessionId, operator);
    expect(await sign(signer, 4000)).toMatchObject({ ok: true });
    expect(await sign(second, 4001)).toMatchObject({ ok: false, error: { code: 'conflict', message: 'A sign-language interpreter is already on air in this session.' } });

    const late = await open();
    const seen = await ok(late, 'signal:join', { sessionId, role: 'viewer' });
    const tracks = seen.producers.map((p: { track: string; lang?: string }) => `${p.track}${p.lang ? `:${p.lang}` : ''}`).sort();
    expect(tracks).toEqual(['floor', 'interpretation:en', 'interpretation:ru', 'sign']);

    // The English interpreter leaves: the language is free again for someone else.
    const closed = nextEvent(resident, 'producer:closed', (e) => e.producerId === en.data.producerId);
    english.socket.disconnect();
    await closed;
    const third = await asInterpreter(sessionId, interpreter);
    expect(await speak(third, 'en', 5000)).toMatchObject({ ok: true });
  });

  it('admits as interpreters only holders of `interpret`; residents and others cannot produce as one', async () => {
    const sessionId = addSession(server);
    await onAir(sessionId);
    const anonymous = await open();
    expect(await request(anonymous, 'signal:join', { sessionId, role: 'interpreter' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(await open(moderator), 'signal:join', { sessionId, role: 'interpreter' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Only an interpreter, clerk or operator of this body can interpret this session.' },
    });
    // A resident watching sends an interpreter's track: refused before anything is made.
    await ok(anonymous, 'signal:join', { sessionId, role: 'viewer' });
    const asResident = await request(anonymous, 'signal:produce', {
      transportId: crypto.randomUUID(),
      kind: 'audio',
      rtpParameters: audioRtpParameters(6000),
      source: 'microphone',
      appData: { track: 'interpretation', lang: 'en' },
    });
    expect(asResident).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(anonymous, 'signal:create-transport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The operator, joined as publisher, sends the floor only.
    const op = await open(operator);
    await ok(op, 'signal:join', { sessionId, role: 'publisher' });
    const t = await ok(op, 'signal:create-transport', { direction: 'send' });
    expect(
      await request(op, 'signal:produce', { transportId: t.id, kind: 'video', rtpParameters: videoRtpParameters(6001), source: 'camera', appData: { track: 'sign' } }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('answers bad interpreter payloads with error acks and makes nothing', async () => {
    const sessionId = addSession(server);
    await onAir(sessionId);
    const i = await asInterpreter(sessionId, interpreter);
    const base = { transportId: i.transportId, kind: 'audio', rtpParameters: audioRtpParameters(7000), source: 'microphone' };
    const bad: [string, unknown][] = [
      ['unknown language', { ...base, appData: { track: 'interpretation', lang: 'de' } }],
      ['no language', { ...base, appData: { track: 'interpretation' } }],
      ['unknown track', { ...base, appData: { track: 'floor' } }],
      ['extra key', { ...base, appData: { track: 'sign', lang: 'en' } }],
      ['interpretation as video', { ...base, kind: 'video', rtpParameters: videoRtpParameters(7001), source: 'camera', appData: { track: 'interpretation', lang: 'en' } }],
      ['sign language as audio', { ...base, appData: { track: 'sign' } }],
      ['appData not an object', { ...base, appData: 'en' }],
    ];
    for (const [name, payload] of bad) {
      const ack = await request(i.socket, 'signal:produce', payload);
      expect(ack, name).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^appData/) })]) } });
    }
    expect(await request(i.socket, 'signal:produce', base)).toEqual({
      ok: false,
      error: { code: 'bad_request', message: "An interpreter sends appData { track: 'interpretation', lang } (microphone) or { track: 'sign' } (camera)." },
    });
    expect(await request(i.socket, 'signal:join', { sessionId, role: 'interpreter', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    // Nothing was made: English is still free.
    expect(await speak(i, 'en', 7002)).toMatchObject({ ok: true });
  });
});
