import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MediaError } from '../../../../media/sfu/errors.js';
import type { PeerId } from '../../../../media/sfu/peer.js';
import { Room } from '../../../../media/sfu/room.js';
import { RoomRegistry } from '../../../../media/sfu/room-registry.js';
import { WorkerPool } from '../../../../media/sfu/worker-pool.js';
import { audioRtpParameters, videoRtpParameters } from '../../../../media/ingest/rtp-parameters.js';

const log = pino({ level: 'silent' });
const poolOptions = { listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 43000, rtcMaxPort: 43999, restartDelayMs: 50 };
let pool: WorkerPool | undefined;
afterEach(() => pool?.close());

const id = (s: string) => s as PeerId;
const info = { displayName: 'Test', host: false };

async function openRoom(size: number, kind: 'broadcast' | 'meeting', viewersPerRouter = 100) {
  pool = await WorkerPool.start({ ...poolOptions, size }, log);
  return Room.create({ sessionId: 1, kind, pool, log, viewersPerRouter, maxParticipants: 3 });
}

/** A publisher fed like the broadcast CLI feeds one: a comedia PlainTransport with fixed SSRCs. */
async function publish(room: Room, peerId: PeerId) {
  const t = await room.createPlainTransport(peerId, { comedia: true });
  const video = await room.produce(peerId, { transportId: t.id, kind: 'video', rtpParameters: videoRtpParameters(1111), source: 'camera' });
  const audio = await room.produce(peerId, { transportId: t.id, kind: 'audio', rtpParameters: audioRtpParameters(2222), source: 'microphone' });
  return { video, audio };
}

async function expectMediaError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(MediaError);
  expect((error as MediaError).code).toBe(code);
}

describe('broadcast Room', () => {
  it('lets a viewer receive but never send', async () => {
    const room = await openRoom(1, 'broadcast');
    await room.join(id('op'), 'publisher', info);
    const { video } = await publish(room, id('op'));
    await room.join(id('v1'), 'viewer', info);
    await expectMediaError(room.createWebRtcTransport(id('v1'), 'send'), 'forbidden');
    const recv = await room.createWebRtcTransport(id('v1'), 'recv');
    await expectMediaError(
      room.produce(id('v1'), { transportId: recv.id, kind: 'video', rtpParameters: videoRtpParameters(3), source: 'camera' }),
      'forbidden',
    );
    const consumer = await room.consume(id('v1'), { transportId: recv.id, producerId: video, rtpCapabilities: room.rtpCapabilities });
    expect(consumer).toMatchObject({ producerId: video, kind: 'video', peerId: 'op', source: 'camera' });
    room.close('ended');
  });

  it('pipes producers to a router on another worker when a router is full, including later producers', async () => {
    const room = await openRoom(2, 'broadcast', 1);
    await room.join(id('op'), 'publisher', info);
    const { video } = await publish(room, id('op'));
    await room.join(id('v1'), 'viewer', info);
    await room.join(id('v2'), 'viewer', info);
    expect(room.routerCount).toBe(2);
    const workers = new Set((await Promise.all(pool!.entries.map((e) => e.worker.dump()))).map((d) => d.routerIds.length));
    expect(workers).toEqual(new Set([1]));
    for (const viewer of ['v1', 'v2']) {
      const recv = await room.createWebRtcTransport(id(viewer), 'recv');
      await room.consume(id(viewer), { transportId: recv.id, producerId: video, rtpCapabilities: room.rtpCapabilities });
    }
    const t = await room.createPlainTransport(id('op'), { comedia: true });
    const screen = await room.produce(id('op'), { transportId: t.id, kind: 'video', rtpParameters: videoRtpParameters(5555), source: 'screen' });
    const recv = await room.createWebRtcTransport(id('v2'), 'recv');
    await room.consume(id('v2'), { transportId: recv.id, producerId: screen, rtpCapabilities: room.rtpCapabilities });
    room.close('ended');
  });

  it('closes every transport a peer owned when it leaves, and the room when the last peer leaves', async () => {
    const room = await openRoom(1, 'broadcast');
    const closed = new Promise((resolve) => room.once('closed', resolve));
    await room.join(id('op'), 'publisher', info);
    await publish(room, id('op'));
    await room.join(id('v1'), 'viewer', info);
    await room.createWebRtcTransport(id('v1'), 'recv');
    const worker = pool!.entry(0)!.worker;
    expect((await room.originRouter.dump()).transportIds).toHaveLength(2);
    room.leave(id('v1'));
    expect((await room.originRouter.dump()).transportIds).toHaveLength(1);
    room.leave(id('op'));
    await closed;
    expect((await worker.dump()).routerIds).toEqual([]);
  });

  it('tells consumers when their producer closes', async () => {
    const room = await openRoom(1, 'broadcast');
    await room.join(id('op'), 'publisher', info);
    const { audio } = await publish(room, id('op'));
    await room.join(id('v1'), 'viewer', info);
    const recv = await room.createWebRtcTransport(id('v1'), 'recv');
    const consumer = await room.consume(id('v1'), { transportId: recv.id, producerId: audio, rtpCapabilities: room.rtpCapabilities });
    const closed = new Promise((resolve) => room.once('consumerClosed', (peerId, consumerId) => resolve([peerId, consumerId])));
    room.closeProducer(id('op'), audio);
    expect(await closed).toEqual(['v1', consumer.id]);
    room.close('ended');
  });

  it('rejects parameters the worker refuses with a bad_request', async () => {
    const room = await openRoom(1, 'broadcast');
    await room.join(id('op'), 'publisher', info);
    const t = await room.createPlainTransport(id('op'), { comedia: true });
    const bad = { codecs: [{ mimeType: 'video/H265', payloadType: 96, clockRate: 90000 }], encodings: [{ ssrc: 1 }] };
    await expectMediaError(room.produce(id('op'), { transportId: t.id, kind: 'video', rtpParameters: bad as never, source: 'camera' }), 'bad_request');
    await expectMediaError(room.connectTransport(id('op'), 'nope', {}), 'not_found');
    room.close('ended');
  });
});

describe('meeting Room', () => {
  it('admits participants only, up to the limit', async () => {
    const room = await openRoom(1, 'meeting');
    await expectMediaError(room.join(id('v'), 'viewer', info), 'forbidden');
    for (const p of ['a', 'b', 'c']) await room.join(id(p), 'participant', info);
    await expectMediaError(room.join(id('d'), 'participant', info), 'conflict');
    room.close('ended');
  });
});

describe('RoomRegistry', () => {
  it('creates one room for concurrent joins of the same key', async () => {
    pool = await WorkerPool.start({ ...poolOptions, size: 2 }, log);
    const registry = new RoomRegistry(pool, { viewersPerRouter: 100, maxParticipants: 12 }, log);
    const joins = await Promise.all(['a', 'b', 'c', 'd'].map((p) => registry.join({ sessionId: 1, kind: 'broadcast' }, id(p), 'viewer', info)));
    expect(new Set(joins.map((j) => j.room)).size).toBe(1);
    expect(registry.rooms).toHaveLength(1);
    registry.closeAll('shutdown');
  });

  it('closes a room whose worker dies and opens it again on the replacement', async () => {
    pool = await WorkerPool.start({ ...poolOptions, size: 1 }, log);
    const registry = new RoomRegistry(pool, { viewersPerRouter: 100, maxParticipants: 12 }, log);
    const { room } = await registry.join({ sessionId: 1, kind: 'broadcast' }, id('a'), 'viewer', info);
    const closed = new Promise((resolve) => registry.once('roomClosed', (_r, reason, peers) => resolve([reason, peers])));
    process.kill(pool.entry(0)!.worker.pid, 'SIGKILL');
    expect(await closed).toEqual(['workerDied', ['a']]);
    const again = await registry.join({ sessionId: 1, kind: 'broadcast' }, id('a'), 'viewer', info);
    expect(again.room).not.toBe(room);
    expect(again.room.closed).toBe(false);
    registry.closeAll('shutdown');
  });
});
