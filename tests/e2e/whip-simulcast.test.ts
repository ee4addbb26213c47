import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { descendants } from '../helpers/processes.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, ok } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, pictureOf, policyLayerOf, trackPeerConnections } from '../helpers/webrtc.js';
import { publishOverWhip, type WhipPublisher } from '../helpers/whip-client.js';

/**
 * Server-side simulcast of a WHIP encoder that sends one layer (OBS 30 with H.264): residents get one producer
 * in three layers, the source copied and two transcodes, as from RTMP (media/ingest/whip-layers.ts).
 */
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const encoders: WhipPublisher[] = [];
const servers: TestServer[] = [];

beforeAll(async () => {
  const camera = await fakeCameraFile(1280, 720, 2, 15);
  // The product's defaults (INGEST_SIMULCAST on).
  [server, browser] = await Promise.all([startServer(), launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] })]);
  servers.push(server);
}, 60_000);
afterAll(async () => {
  for (const e of encoders) await e.close().catch(() => undefined);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  for (const s of servers) await s.stop();
});

/** A 720p H.264 encoder of one layer that keeps its size, as OBS sends, live on a new session of `s`. */
async function onAir(s: TestServer): Promise<{ sessionId: number; encoder: WhipPublisher }> {
  const sessionId = addSession(s);
  const res = await call(s.url, await login(s, 'operator'), 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  const encoder = await publishOverWhip(browser, s.url, res.body.whipUrl, { key: res.body.key, videoCodec: 'H264', keepSize: true });
  encoders.push(encoder);
  expect(encoder.reply.status).toBe(201);
  const statusOf = async () => ((await (await fetch(`${s.url}/api/sessions/${sessionId}`)).json()) as { status: string }).status;
  await expect.poll(statusOf, { timeout: 30_000 }).toBe('live');
  return { sessionId, encoder };
}

/** A resident's consumer of the session's one video producer. */
async function videoConsumerOf(s: TestServer, sessionId: number): Promise<{ type: string; scalabilityMode: string | undefined; videos: number }> {
  const viewer = await connect(s.url);
  try {
    const joined = await ok(viewer, 'signal:join', { sessionId, role: 'viewer' });
    const videos = (joined.producers as { producerId: string; kind: string }[]).filter((p) => p.kind === 'video');
    const recv = await ok(viewer, 'signal:create-transport', { direction: 'recv' });
    const c = await ok(viewer, 'signal:consume', { transportId: recv.id, producerId: videos[0]!.producerId, rtpCapabilities: joined.routerRtpCapabilities });
    return { type: c.type, scalabilityMode: c.rtpParameters.encodings?.[0]?.scalabilityMode, videos: videos.length };
  } finally {
    viewer.disconnect();
  }
}

/** The server's layer transcoders (ffmpeg reading a WHIP source's SDP), by pid. */
const transcoders = (s: TestServer) =>
  descendants(s.process.pid!).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nist-whip-layers-');
    } catch {
      return false;
    }
  });

/** A phone, or a laptop with a high-density screen (its player, some 860 CSS px wide, asks for the full layer). */
async function residentPage(sessionId: number, viewport: 'phone' | 'desktop'): Promise<Page> {
  const context = await newContext(browser, viewport, viewport === 'desktop' ? { deviceScaleFactor: 2 } : {});
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  return page;
}


describe('a single-layer WHIP encoder offered in layers', () => {
  it('720p: one producer in three layers; a phone decodes the 180p layer; a dead transcoder is replaced; DELETE leaves no transcoder behind', async () => {
    const { sessionId, encoder } = await onAir(server);
    expect(await videoConsumerOf(server, sessionId)).toEqual({ type: 'simulcast', scalabilityMode: 'L3T1', videos: 1 });
    const offered = server.logs.find((l) => l.msg === 'WHIP video offered in layers' && l.sessionId === sessionId);
    expect(offered?.layers).toEqual([180, 360, 'source']);
    expect(transcoders(server)).toHaveLength(1);

    const phone = await residentPage(sessionId, 'phone');
    const desktop = await residentPage(sessionId, 'desktop');
    await expect.poll(async () => (await inbound(phone)).framesDecoded, { timeout: 45_000 }).toBeGreaterThan(30);
    await expect.poll(() => pictureOf(phone), { timeout: 20_000 }).toBe('320x180');
    expect(await policyLayerOf(desktop)).toBe(2);
    // A wide player climbs to the copied source layer as the bandwidth estimate grows: the switch needs a
    // keyframe of that layer, which only the encoder can send (the relay passes the request on).
    await expect.poll(() => pictureOf(desktop), { timeout: 45_000 }).toBe('1280x720');
    const before = (await inbound(desktop)).framesDecoded;
    // A second of the 15 fps camera, given 20 s: a loaded machine drops loopback packets, and the picture then
    // waits for the keyframe its decoder asks the encoder for.
    await expect.poll(async () => (await inbound(desktop)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(before + 15);

    // The transcoder dies: a new one takes its place and the phone's picture goes on.
    const [crashed] = transcoders(server);
    process.kill(crashed!, 'SIGKILL');
    await expect.poll(() => transcoders(server).filter((pid) => pid !== crashed), { timeout: 10_000 }).toHaveLength(1);
    expect(server.logs.some((l) => l.msg === 'WHIP layer transcoder ended; starting it again')).toBe(true);
    const decoded = (await inbound(phone)).framesDecoded;
    await expect.poll(async () => (await inbound(phone)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(decoded + 15);
    await phone.context().close();
    await desktop.context().close();

    expect(await encoder.remove()).toBe(200);
    await expect.poll(() => transcoders(server), { timeout: 10_000 }).toEqual([]);
  }, 150_000);

  it('with INGEST_SIMULCAST=0 the encoder is offered as it sends, one layer', async () => {
    // The setting under test: server-side simulcast off.
    const off = await startServer({ env: { INGEST_SIMULCAST: '0' } });
    servers.push(off);
    const { sessionId, encoder } = await onAir(off);
    expect(await videoConsumerOf(off, sessionId)).toEqual({ type: 'simple', scalabilityMode: undefined, videos: 1 });
    expect(transcoders(off)).toEqual([]);
    expect(await encoder.remove()).toBe(200);
  }, 90_000);
});
