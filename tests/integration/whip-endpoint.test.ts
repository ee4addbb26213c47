import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { exampleOffer } from '../helpers/whip-client.js';

/**
 * The WHIP endpoint (RFC 9725) over real HTTP, without a browser: offers as Chromium and OBS write them (their
 * made-up DTLS fingerprint never connects, so a publication lasts until the 20 s without media run out or it is
 * deleted). What goes live and plays is in tests/e2e/whip-ingest.test.ts.
 */
let server: TestServer;
let operator: Login;
let admin: Login;
beforeAll(async () => {
  server = await startServer();
  [operator, admin] = await Promise.all([login(server, 'operator'), login(server, 'admin')]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

type Reply = { status: number; headers: Headers; text: string };
async function whip(method: string, path: string, init: { key?: string | null; sdp?: string; contentType?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.sdp !== undefined) headers['content-type'] = init.contentType ?? 'application/sdp';
  const res = await fetch(`${server.url}${path}`, { method, headers, body: init.sdp });
  return { status: res.status, headers: res.headers, text: await res.text() };
}
const errorOf = (reply: Reply) => (JSON.parse(reply.text) as { error: { code: string; message: string } }).error;

async function newKey(sessionId: number): Promise<string> {
  const res = await call(server.url, operator, 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  return res.body.key;
}
const audit = async (action: string) =>
  (await call(server.url, admin, 'GET', `/api/admin/audit?action=${action}&limit=200`)).body.items as { target: string; details: Record<string, unknown> }[];
const roomOf = async (sessionId: number) =>
  ((await call(server.url, admin, 'GET', '/api/media/status')).body.rooms as { key: string; producers: number; transports: number }[]).find((r) => r.key === `session:${sessionId}`);
const statusOf = (sessionId: number) => queryServerDb<{ status: string }>(server.dataDir, 'SELECT status FROM sessions WHERE id = ?', sessionId)[0]!.status;

describe('POST /api/whip/:sessionId', () => {
  it('a wrong, missing, revoked or other session’s key is 401 with WWW-Authenticate: Bearer, audited, and nothing opens', async () => {
    const sessionId = addSession(server);
    const other = addSession(server);
    const key = await newKey(sessionId);
    const otherKey = await newKey(other);
    const offer = exampleOffer('chromium');
    const attempts = [
      await whip('POST', `/api/whip/${sessionId}`, { key: `nist_${sessionId}_not-the-key`, sdp: offer }),
      await whip('POST', `/api/whip/${sessionId}`, { key: null, sdp: offer }),
      await whip('POST', `/api/whip/${sessionId}`, { sdp: offer, headers: { authorization: `Basic ${Buffer.from(`x:${key}`).toString('base64')}` } }),
      await whip('POST', `/api/whip/${sessionId}`, { key: otherKey, sdp: offer }),
    ];
    for (const reply of attempts) {
      expect(reply.status).toBe(401);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(errorOf(reply)).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('stream key') });
    }
    expect((await call(server.url, operator, 'DELETE', `/api/sessions/${sessionId}/stream-key`)).body).toEqual({ revoked: true });
    expect((await whip('POST', `/api/whip/${sessionId}`, { key, sdp: offer })).status).toBe(401);

    expect(await roomOf(sessionId)).toBeUndefined();
    expect(statusOf(sessionId)).toBe('scheduled');
    const refusals = (await audit('stream_key.refuse')).filter((r) => r.details.protocol === 'whip');
    expect(refusals.filter((r) => r.target === 'stream_key').length).toBeGreaterThanOrEqual(4);
    expect(refusals.some((r) => r.target === `session:${other}` && String(r.details.reason).includes(`not for session ${sessionId}`))).toBe(true);
  });

  it('a bad offer is 400 with error { code, message } saying what is wrong, audited, and nothing opens', async () => {
    const sessionId = addSession(server);
    const key = await newKey(sessionId);
    const bad: [string, string, RegExp][] = [
      ['not SDP', 'hello', /v=0/],
      ['no DTLS fingerprint', exampleOffer('chromium').replace(/a=fingerprint:[^\r]+\r\n/g, ''), /fingerprint/],
      ['only HEVC video', exampleOffer('chromium').replaceAll('H264/90000', 'H265/90000').replaceAll('VP8/90000', 'AV1/90000'), /Nist takes H\.264/],
    ];
    for (const [what, sdp, message] of bad) {
      const reply = await whip('POST', `/api/whip/${sessionId}`, { key, sdp });
      expect(reply.status, what).toBe(400);
      expect(errorOf(reply)).toMatchObject({ code: 'bad_request', message: expect.stringMatching(message) });
    }
    const wrongType = await whip('POST', `/api/whip/${sessionId}`, { key, sdp: exampleOffer('chromium'), contentType: 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('accept-post')).toBe('application/sdp');
    expect(errorOf(wrongType).message).toContain('application/sdp');
    const tooLarge = await whip('POST', `/api/whip/${sessionId}`, { key, sdp: exampleOffer('chromium') + 'a=x\r\n'.repeat(10_000) });
    expect(tooLarge.status).toBe(413);
    expect((await whip('POST', '/api/whip/not-a-session', { key, sdp: exampleOffer('chromium') })).status).toBe(400);

    expect(await roomOf(sessionId)).toBeUndefined();
    expect(statusOf(sessionId)).toBe('scheduled');
    const refusals = (await audit('stream_key.refuse')).filter((r) => r.target === `session:${sessionId}`);
    expect(refusals.map((r) => r.details.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/fingerprint/)]));
  });

  it('answers 201 with the answer and a Location; a second publisher while one is on is 409; DELETE lets the next one on', async () => {
    const sessionId = addSession(server);
    const key = await newKey(sessionId);
    const first = await whip('POST', `/api/whip/${sessionId}`, { key, sdp: exampleOffer('chromium') });
    expect(first.status).toBe(201);
    expect(first.headers.get('content-type')).toMatch(/^application\/sdp/);
    const location = first.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/api/whip/${sessionId}/[A-Za-z0-9_-]{22}$`));
    expect(first.headers.get('access-control-expose-headers')).toContain('Location');
    expect(first.text).toMatch(/^v=0\r\n/);
    expect(first.text).toContain('a=ice-lite');
    // The audio is offered at once; the single-layer H.264 video is taken by a tap (the second transport) and
    // offered in layers once media flows (server-side simulcast, INGEST_SIMULCAST on by default).
    expect(await roomOf(sessionId)).toMatchObject({ producers: 1, transports: 2 });

    // OBS (or a second OBS) on the same key while the first is on: refused, and the first stays.
    const second = await whip('POST', `/api/whip/${sessionId}`, { key, sdp: exampleOffer('obs-simulcast') });
    expect(second.status).toBe(409);
    expect(errorOf(second)).toMatchObject({ code: 'conflict', message: expect.stringContaining('already has an encoder') });
    expect(await roomOf(sessionId)).toMatchObject({ producers: 1, transports: 2 });

    expect((await whip('DELETE', location)).status).toBe(200);
    expect(await roomOf(sessionId)).toBeUndefined();
    expect((await whip('DELETE', location)).status).toBe(404);
    expect((await whip('DELETE', `/api/whip/${sessionId}/not-a-resource`)).status).toBe(400);

    // OBS 31 with simulcast: one video producer, its three layers received.
    const obs = await whip('POST', `/api/whip/${sessionId}`, { key, sdp: exampleOffer('obs-simulcast') });
    expect(obs.status).toBe(201);
    expect(obs.text).toContain('a=simulcast:recv 0;1;2');
    expect(await roomOf(sessionId)).toMatchObject({ producers: 2 });
    expect((await whip('DELETE', obs.headers.get('location')!)).status).toBe(200);
    expect(statusOf(sessionId)).toBe('scheduled');
    const uses = (await audit('stream_key.use')).filter((r) => r.target === `session:${sessionId}`);
    expect(uses.map((u) => u.details.protocol)).toEqual(['whip', 'whip']);
  });
});

describe('OPTIONS and PATCH on the WHIP URLs', () => {
  it('OPTIONS is a CORS preflight: Accept-Post application/sdp, Authorization allowed, Location exposed', async () => {
    const preflight = { origin: 'https://encoder.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' };
    const endpoint = await whip('OPTIONS', `/api/whip/${addSession(server)}`, { headers: preflight });
    expect(endpoint.status).toBe(204);
    expect(endpoint.headers.get('accept-post')).toBe('application/sdp');
    expect(endpoint.headers.get('access-control-allow-origin')).toBe('*');
    expect(endpoint.headers.get('access-control-allow-methods')).toContain('POST');
    expect(endpoint.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(endpoint.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(endpoint.headers.get('access-control-expose-headers')).toContain('Location');

    const resource = await whip('OPTIONS', '/api/whip/1/AAAAAAAAAAAAAAAAAAAAAA', { headers: { ...preflight, 'access-control-request-method': 'DELETE' } });
    expect(resource.status).toBe(204);
    expect(resource.headers.get('access-control-allow-methods')).toContain('DELETE');
  });

  it('PATCH (trickle ICE, ICE restart) is 405 with Allow, as RFC 9725 allows', async () => {
    const reply = await whip('PATCH', '/api/whip/1/AAAAAAAAAAAAAAAAAAAAAA', { sdp: 'a=candidate:1 1 udp 1 127.0.0.1 9 typ host', contentType: 'application/trickle-ice-sdpfrag' });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('DELETE, OPTIONS');
    expect(errorOf(reply).code).toBe('bad_request');
  });
});
