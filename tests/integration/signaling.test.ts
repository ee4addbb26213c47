import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioRtpParameters, videoRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { login, call, type Login } from '../helpers/auth.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok, request, type Client } from '../helpers/signaling.js';

let server: TestServer;
let operator: Login;
let admin: Login;
const sockets: Client[] = [];
const open = async (auth?: Login) => {
  const s = await connect(server.url, auth);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  // Two workers and one viewer per router, so that the second viewer is piped to a router on the other worker.
  server = await startServer({ env: { MEDIASOUP_WORKERS: '2', VIEWERS_PER_ROUTER: '1' } });
  [operator, admin] = await Promise.all([login(server, 'operator'), login(server, 'admin')]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

/** The operator's side of the broadcast CLI: a publisher with a PlainTransport and two producers. */
async function publish(socket: Client, sessionId: number) {
  await ok(socket, 'signal:join', { sessionId, role: 'publisher' });
  const transport = await ok(socket, 'signal:create-plain-transport', {});
  const video = await ok(socket, 'signal:produce', { transportId: transport.id, kind: 'video', rtpParameters: videoRtpParameters(1111), source: 'camera' });
  const audio = await ok(socket, 'signal:produce', { transportId: transport.id, kind: 'audio', rtpParameters: audioRtpParameters(2222), source: 'microphone' });
  return { transport, video: video.producerId as string, audio: audio.producerId as string };
}

async function mediaStatus() {
  const res = await call(server.url, admin, 'GET', '/api/media/status');
  expect(res.status).toBe(200);
  return res.body as { workers: { routers: number }[]; rooms: { key: string; viewers: number; routers: number; transports: number }[] };
}

describe('broadcast signaling', () => {
  it('takes a session live, spreads residents over workers, and tells everyone what changes', async () => {
    const sessionId = addSession(server);
    const op = await open(operator);
    const [r1, r2] = [await open(), await open()];

    expect(await ok(r1, 'session:watch', { sessionId })).toMatchObject({ status: 'scheduled' });
    const early = await request(r1, 'signal:join', { sessionId, role: 'viewer' });
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const { video, audio } = await publish(op, sessionId);
    const wentLive = nextEvent(r1, 'session:live');
    expect(await ok(op, 'session:go-live', { sessionId })).toEqual({ status: 'live' });
    expect(await wentLive).toEqual({ sessionId });

    const viewers = nextEvent(op, 'room:viewers-changed', (e) => e.count === 2);
    const joined = await ok(r1, 'signal:join', { sessionId, role: 'viewer' });
    expect(joined).toMatchObject({ roomKind: 'broadcast', role: 'viewer', status: 'live', host: false });
    expect(joined.producers.map((p: { producerId: string }) => p.producerId).sort()).toEqual([video, audio].sort());
    await ok(r2, 'signal:join', { sessionId, role: 'viewer' });
    await viewers;

    // One viewer per router was configured: the second resident is served by a piped router on the other worker.
    const status = await mediaStatus();
    expect(status.rooms.find((r) => r.key === `session:${sessionId}`)).toMatchObject({ viewers: 2, routers: 2 });
    expect(status.workers.map((w) => w.routers)).toEqual([1, 1]);

    for (const r of [r1, r2]) {
      const recv = await ok(r, 'signal:create-transport', { direction: 'recv' });
      for (const producerId of [video, audio]) {
        const consumer = await ok(r, 'signal:consume', { transportId: recv.id, producerId, rtpCapabilities: joined.routerRtpCapabilities });
        expect(consumer).toMatchObject({ producerId, peerId: expect.any(String), producerPaused: false });
        expect(await ok(r, 'signal:resume-consumer', { consumerId: consumer.id })).toEqual({});
      }
    }

    const added = nextEvent(r2, 'producer:added');
    const t = await ok(op, 'signal:create-plain-transport', {});
    const screen = await ok(op, 'signal:produce', { transportId: t.id, kind: 'video', rtpParameters: videoRtpParameters(3333), source: 'screen' });
    expect(await added).toMatchObject({ producerId: screen.producerId, source: 'screen', kind: 'video' });

    const paused = nextEvent(r1, 'producer:paused');
    await ok(op, 'signal:pause-producer', { producerId: audio });
    expect(await paused).toEqual({ producerId: audio, paused: true });

    const closedOnR1 = nextEvent(r1, 'consumer:closed');
    const producerClosed = nextEvent(r2, 'producer:closed', (e) => e.producerId === video);
    await ok(op, 'signal:close-producer', { producerId: video });
    await Promise.all([closedOnR1, producerClosed]);

    const ended = [nextEvent(r1, 'session:ended'), nextEvent(r2, 'session:ended')];
    expect(await ok(op, 'session:end', { sessionId })).toEqual({ status: 'ended' });
    for (const e of await Promise.all(ended)) expect(e).toMatchObject({ sessionId });
    expect(await request(r1, 'signal:stats', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const again = await request(op, 'signal:join', { sessionId, role: 'publisher' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('ordered requests', () => {
  it('handles a viewer’s watch, join and create-transport sent at once in order, in one round trip', async () => {
    const sessionId = addSession(server);
    const op = await open(operator);
    const { video, audio } = await publish(op, sessionId);
    await ok(op, 'session:go-live', { sessionId });

    const viewer = await open();
    // Not awaited one by one: create-transport needs the join's effect, which the server's ordering provides.
    const [watched, joined, recv] = await Promise.all([
      request(viewer, 'session:watch', { sessionId }),
      request(viewer, 'signal:join', { sessionId, role: 'viewer' }),
      request(viewer, 'signal:create-transport', { direction: 'recv' }),
    ]);
    expect(watched).toMatchObject({ ok: true, data: { status: 'live' } });
    expect(joined).toMatchObject({ ok: true, data: { status: 'live' } });
    expect((joined as { data: { producers: { producerId: string }[] } }).data.producers.map((p) => p.producerId).sort()).toEqual([video, audio].sort());
    expect(recv).toMatchObject({ ok: true, data: { id: expect.any(String), iceCandidates: expect.any(Array) } });

    // The same pipelining before the session is on air: watch says so, and the others fail cleanly.
    const later = addSession(server);
    const early = await open();
    const [w, j, t] = await Promise.all([
      request(early, 'session:watch', { sessionId: later }),
      request(early, 'signal:join', { sessionId: later, role: 'viewer' }),
      request(early, 'signal:create-transport', { direction: 'recv' }),
    ]);
    expect(w).toMatchObject({ ok: true, data: { status: 'scheduled' } });
    expect(j).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(t).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('who may produce', () => {
  it('answers forbidden to residents and to staff who are not operators', async () => {
    const sessionId = addSession(server);
    const op = await open(operator);
    await publish(op, sessionId);
    await ok(op, 'session:go-live', { sessionId });

    const resident = await open();
    const asPublisher = await request(resident, 'signal:join', { sessionId, role: 'publisher' });
    expect(asPublisher).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    expect(await request(resident, 'signal:create-transport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const recv = await ok(resident, 'signal:create-transport', { direction: 'recv' });
    const produce = await request(resident, 'signal:produce', { transportId: recv.id, kind: 'video', rtpParameters: videoRtpParameters(9), source: 'camera' });
    expect(produce).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(resident, 'signal:create-plain-transport', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(resident, 'session:end', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const moderator = await open(await login(server, 'moderator'));
    expect(await request(moderator, 'signal:join', { sessionId, role: 'publisher' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(moderator, 'session:go-live', { sessionId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const otherBody = addSession(server, { bodySlug: 'ashtarak-library' });
    expect(await request(op, 'signal:join', { sessionId: otherBody, role: 'publisher' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await request(op, 'signal:join', { sessionId: 999999, role: 'publisher' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('bad payloads', () => {
  const uuid = '00000000-0000-4000-8000-000000000000';
  const cases: [string, unknown][] = [
    ['signal:join', undefined],
    ['signal:join', { sessionId: 'x', role: 'viewer' }],
    ['signal:join', { sessionId: 1, role: 'king' }],
    ['signal:join', { sessionId: 1, role: 'viewer', peerId: 'spoof' }],
    ['signal:join', 'not an object'],
    ['signal:create-transport', { direction: 'sideways' }],
    ['signal:connect-transport', { transportId: 'nope', dtlsParameters: {} }],
    ['signal:connect-transport', { transportId: uuid, dtlsParameters: { fingerprints: [] } }],
    ['signal:produce', { transportId: uuid, kind: 'video', rtpParameters: { codecs: [] }, source: 'camera' }],
    ['signal:produce', { transportId: uuid, kind: 'smell', rtpParameters: {}, source: 'camera' }],
    ['signal:produce', { transportId: uuid, kind: 'video', rtpParameters: { codecs: [{ mimeType: 'x', payloadType: 500, clockRate: 1 }] }, source: 'camera' }],
    ['signal:consume', { transportId: uuid, producerId: 42, rtpCapabilities: {} }],
    ['signal:consume', { transportId: uuid, producerId: uuid, rtpCapabilities: { codecs: 'all' } }],
    ['signal:set-layers', { consumerId: uuid, spatialLayer: 9 }],
    ['signal:resume-consumer', { consumerId: null }],
    ['signal:pause-producer', {}],
    ['session:go-live', { sessionId: -1 }],
    ['session:watch', { sessionId: 1e300 }],
    ['meeting:mute', { peerId: '' }],
    ['alarms:subscribe', { sessionId: 1 }],
    ['alarms:subscribe', 'all'],
  ];

  it.each(cases)('%s with %j gets an error ack', async (event, payload) => {
    const socket = sockets.at(-1)?.connected ? sockets.at(-1)! : await open();
    const ack = await request(socket, event, payload);
    expect(ack.ok).toBe(false);
    if (!ack.ok) expect(['validation_failed', 'bad_request']).toContain(ack.error.code);
  });

  it('keeps the room working after bad requests from a joined peer', async () => {
    const sessionId = addSession(server);
    const op = await open(operator);
    const { transport } = await publish(op, sessionId);
    const bad = await request(op, 'signal:produce', {
      transportId: transport.id,
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/H265', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1 }] },
      source: 'screen',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await request(op, 'signal:connect-transport', { transportId: uuid, dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const screen = await ok(op, 'signal:produce', { transportId: transport.id, kind: 'video', rtpParameters: videoRtpParameters(4444), source: 'screen' });
    expect(screen.producerId).toEqual(expect.any(String));
    expect((await ok(op, 'signal:stats', {})).producers).toHaveLength(3);
  });
});

describe('cleanup', () => {
  it('leaves no router or transport on any worker after every socket closes', async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await expect.poll(async () => (await mediaStatus()).workers.map((w) => w.routers), { timeout: 10_000 }).toEqual([0, 0]);
    expect((await mediaStatus()).rooms).toEqual([]);
  });
});
