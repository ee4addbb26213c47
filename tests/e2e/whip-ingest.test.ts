import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, ok } from '../helpers/signaling.js';
import { fakeCameraFile, inbound, trackPeerConnections } from '../helpers/webrtc.js';
import { publishOverWhip, type WhipPublisher } from '../helpers/whip-client.js';

/**
 * WHIP (RFC 9725) from a headless Chromium encoder to residents' pages, on a server with the product's defaults
 * (no address, port-range or grace settings of the test's own; only free ports and temporary folders).
 */
let server: TestServer;
let browser: Browser;
let operator: Login;
const contexts: BrowserContext[] = [];
const encoders: WhipPublisher[] = [];

beforeAll(async () => {
  // 720p: Chromium sends three simulcast layers only from 960x540 up.
  const camera = await fakeCameraFile(1280, 720, 2, 15);
  [server, browser] = await Promise.all([startServer(), launchChromium({ fakeMedia: true, extraArgs: [`--use-file-for-fake-video-capture=${camera}`] })]);
  operator = await login(server, 'operator');
}, 60_000);
afterAll(async () => {
  for (const e of encoders) await e.close().catch(() => undefined);
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function streamKey(sessionId: number): Promise<{ key: string; whipUrl: string }> {
  const res = await call(server.url, operator, 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  return res.body;
}

async function publish(whipUrl: string, key: string, simulcast = false, videoCodec?: 'VP8'): Promise<WhipPublisher> {
  const encoder = await publishOverWhip(browser, server.url, whipUrl, { key, simulcast, videoCodec });
  encoders.push(encoder);
  return encoder;
}

async function openResident(sessionId: number): Promise<Page> {
  const context = await newContext(browser, 'phone');
  contexts.push(context);
  await trackPeerConnections(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  return page;
}

const statusOf = async (id: number) => ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { status: string }).status;
const recordings = (sessionId: number) => {
  const db = new Database(path.join(server.dataDir, 'nist.db'), { readonly: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM recordings WHERE session_id = ?').pluck().get(sessionId) as number;
  } finally {
    db.close();
  }
};

async function framesGrow(page: Page, by = 30) {
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(before + by);
}

describe('going live from a WHIP encoder', () => {
  it('takes the scheduled session live; a resident decodes its video and hears its audio; the studio sees a WHIP encoder', async () => {
    const sessionId = addSession(server);
    const { key, whipUrl } = await streamKey(sessionId);
    expect(whipUrl).toBe(`${server.url}/api/whip/${sessionId}`);
    const resident = await openResident(sessionId);
    await expect.poll(() => resident.locator('.live-player').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');

    const encoder = await publish(whipUrl, key);
    expect(encoder.reply.status).toBe(201);
    expect(encoder.reply.contentType).toMatch(/^application\/sdp/);
    expect(encoder.reply.location).toMatch(new RegExp(`^/api/whip/${sessionId}/[A-Za-z0-9_-]{22}$`));
    // ICE-lite, every candidate (UDP and TCP) in the answer, mediasoup the DTLS server.
    expect(encoder.reply.body).toContain('a=ice-lite');
    expect(encoder.reply.body).toContain('a=setup:passive');
    expect(encoder.reply.body).toMatch(/a=candidate:\S+ 1 udp /);
    expect(encoder.reply.body).toMatch(/a=candidate:\S+ 1 tcp .* tcptype passive/);
    await expect.poll(() => encoder.connectionState(), { timeout: 20_000 }).toBe('connected');

    await expect.poll(() => statusOf(sessionId), { timeout: 30_000 }).toBe('live');
    await expect.poll(async () => (await inbound(resident)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(30);
    await framesGrow(resident);
    await expect.poll(async () => (await inbound(resident)).audioPackets, { timeout: 10_000 }).toBeGreaterThan(20);

    const shown = async () => (await call(server.url, operator, 'GET', `/api/sessions/${sessionId}/stream-key`)).body.encoder;
    await expect.poll(async () => (await shown())?.bitrateKbps ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    // Chromium offers VP8 first; Nist takes H.264 when it is offered (the recorder copies it).
    expect(await shown()).toMatchObject({ protocol: 'whip', video: { codec: 'h264', transcoded: false }, audio: { codec: 'opus' } });
    const uses = (await call(server.url, await login(server, 'admin'), 'GET', '/api/admin/audit?action=stream_key.use')).body.items as { target: string; details: { protocol: string } }[];
    expect(uses.some((u) => u.target === `session:${sessionId}` && u.details.protocol === 'whip')).toBe(true);
  }, 120_000);

  it('an encoder that offers only VP8 goes live in VP8', async () => {
    const sessionId = addSession(server);
    const { key, whipUrl } = await streamKey(sessionId);
    const encoder = await publish(whipUrl, key, false, 'VP8');
    expect(encoder.reply.status).toBe(201);
    expect(encoder.reply.body).toMatch(/a=rtpmap:\d+ VP8\/90000/);
    expect(encoder.reply.body).not.toContain('H264');
    const resident = await openResident(sessionId);
    await expect.poll(async () => (await inbound(resident)).framesDecoded, { timeout: 40_000 }).toBeGreaterThan(30);
    const shown = (await call(server.url, operator, 'GET', `/api/sessions/${sessionId}/stream-key`)).body.encoder;
    expect(shown).toMatchObject({ protocol: 'whip', video: { codec: 'vp8' } });
    expect(await encoder.remove()).toBe(200);
  }, 120_000);

  it('DELETE stops the encoder as a dropped RTMP encoder stops: residents are told, and a new publication within the grace resumes the same session and recording', async () => {
    const sessionId = addSession(server);
    const { key, whipUrl } = await streamKey(sessionId);
    const resident = await openResident(sessionId);
    const first = await publish(whipUrl, key);
    expect(first.reply.status).toBe(201);
    await expect.poll(() => statusOf(sessionId), { timeout: 30_000 }).toBe('live');
    await framesGrow(resident);
    await expect.poll(() => recordings(sessionId), { timeout: 15_000 }).toBe(1);

    expect(await first.remove()).toBe(200);
    await resident.locator('.live-interrupted').waitFor({ timeout: 20_000 });
    // The same resource is gone.
    expect((await call(server.url, null, 'DELETE', first.reply.location!)).status).toBe(404);

    const again = await publish(whipUrl, key);
    expect(again.reply.status).toBe(201);
    await resident.locator('.live-interrupted').waitFor({ state: 'detached', timeout: 30_000 });
    await framesGrow(resident);
    expect(await statusOf(sessionId)).toBe('live');
    expect(recordings(sessionId)).toBe(1);
    expect(await again.remove()).toBe(200);
  }, 150_000);

  it('an encoder that went silent without a DELETE (a crash, a lost network) is replaced by its new publication: same session, same recording', async () => {
    const sessionId = addSession(server);
    const { key, whipUrl } = await streamKey(sessionId);
    const resident = await openResident(sessionId);
    const first = await publish(whipUrl, key);
    await expect.poll(() => statusOf(sessionId), { timeout: 30_000 }).toBe('live');
    await framesGrow(resident);
    await first.silence();
    // OBS publishes again after a drop; a publication with media flowing is never replaced, a silent one is
    // once it has sent nothing for a few seconds (until then the POST is 409 and the encoder tries again).
    let again: WhipPublisher | undefined;
    await expect
      .poll(
        async () => {
          const attempt = await publish(whipUrl, key);
          if (attempt.reply.status === 201) again = attempt;
          else await attempt.close();
          return attempt.reply.status;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(201);
    await framesGrow(resident);
    expect(await statusOf(sessionId)).toBe('live');
    expect(recordings(sessionId)).toBe(1);
    // The silent publication is over: its URL is gone.
    expect((await call(server.url, null, 'DELETE', first.reply.location!)).status).toBe(404);
    expect(await again!.remove()).toBe(200);
  }, 150_000);

  it('simulcast: Chromium’s three rids become one producer with three encodings, and residents are served layers', async () => {
    const sessionId = addSession(server);
    const { key, whipUrl } = await streamKey(sessionId);
    const encoder = await publish(whipUrl, key, true);
    expect(encoder.reply.status).toBe(201);
    expect(encoder.reply.body).toContain('a=simulcast:recv q;h;f');
    for (const rid of ['q', 'h', 'f']) expect(encoder.reply.body).toContain(`a=rid:${rid} recv`);
    await expect.poll(() => statusOf(sessionId), { timeout: 30_000 }).toBe('live');

    // A viewer's consumer of the producer is a simulcast consumer over three spatial layers.
    const viewer = await connect(server.url);
    try {
      await ok(viewer, 'session:watch', { sessionId });
      const joined = await ok(viewer, 'signal:join', { sessionId, role: 'viewer' });
      const video = (joined.producers as { producerId: string; kind: string }[]).find((p) => p.kind === 'video')!;
      const recv = await ok(viewer, 'signal:create-transport', { direction: 'recv' });
      const consumer = await ok(viewer, 'signal:consume', { transportId: recv.id, producerId: video.producerId, rtpCapabilities: joined.routerRtpCapabilities });
      expect(consumer.type).toBe('simulcast');
      expect(consumer.rtpParameters.encodings[0].scalabilityMode).toMatch(/^L3T\d$/);
    } finally {
      viewer.disconnect();
    }
    const resident = await openResident(sessionId);
    await expect.poll(async () => (await inbound(resident)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(30);
    await expect.poll(async () => (await encoder.outbound()).layers, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await encoder.remove()).toBe(200);
  }, 120_000);
});
