import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import type { Client as Socket } from '../helpers/signaling.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { feedEvent, newClientId } from '../helpers/questions.js';
import { connectThrough, loginThrough, startNginx, through, type Nginx } from '../helpers/nginx.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, demoIds, nextEvent, ok } from '../helpers/signaling.js';
import { sleep, waitFor } from '../helpers/wait.js';

// The hide test waits out the lifetime public recording files get in caches; the product's 60 s would make
// it a minute long, 5 s shows the same rule (and leaves a loaded machine time for a MISS and its HIT).
const cacheSec = 5;

let origin: TestServer;
let nginx: Nginx;
let clerk: Login;
/** Relative paths of the demo recording's files: a rendition playlist and one of its segments. */
let playlist: string;
let segment: string;
let demoSession: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  origin = await startServer({ env: { RECORDINGS_CACHE_SEC: String(cacheSec) } });
  nginx = await startNginx(origin.url);
  clerk = await loginThrough(nginx, 'clerk', demoPassword(origin, 'clerk'));
  // The demo's ended session gets a real recording (ffmpeg, in the job queue) shortly after start.
  demoSession = demoIds(origin).endedSessionId;
  const ready = () => queryServerDb<{ status: string }>(origin.dataDir, 'SELECT status FROM recordings WHERE session_id = ?', demoSession)[0]?.status === 'ready';
  await waitFor('the demo recording', ready, 120_000);
  const files = fs.readdirSync(path.join(origin.recordingsDir, String(demoSession)), { recursive: true, encoding: 'utf8' });
  segment = files.find((f) => f.endsWith('.ts'))!;
  playlist = path.join(path.dirname(segment), 'index.m3u8');
  expect(files).toContain(playlist);
}, 180_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nginx?.stop();
  await origin?.stop();
});

/** A new session of the demo council with a copy of the demo recording's files under its id. */
function sessionWithRecording(visibility: 'public' | 'private'): number {
  const id = addSession(origin, { status: 'ended', visibility });
  fs.cpSync(path.join(origin.recordingsDir, String(demoSession)), path.join(origin.recordingsDir, String(id)), { recursive: true });
  return id;
}

const get = (url: string, login?: Login) => through(nginx, `${nginx.url}${url}`, { login });
const cacheStatus = (r: { headers: Record<string, unknown> }) => r.headers['x-cache-status'];

describe('nginx in front of Nist (deploy/nginx/nist.conf)', () => {
  it('serves the site over TLS, redirects plain HTTP there and answers the ACME challenge on HTTP', async () => {
    const health = await get('/api/health');
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ role: 'origin' });
    // X-Forwarded-Proto reached the origin: it sent HSTS, which it does only on HTTPS.
    expect(health.headers['strict-transport-security']).toContain('max-age=');

    // Browsers speak HTTP/2 to it.
    const h2 = http2.connect(nginx.url, { ca: nginx.ca });
    const status = await new Promise((resolve, reject) => {
      const req = h2.request({ ':path': '/api/health' });
      req.on('response', (headers) => resolve(headers[':status']));
      req.on('error', reject);
      req.resume();
    });
    h2.close();
    expect(status).toBe(200);

    const plain = await through(nginx, `${nginx.httpUrl}/sessions/1?lang=en`);
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`${nginx.url}/sessions/1?lang=en`);

    fs.writeFileSync(path.join(nginx.acmeRoot, '.well-known/acme-challenge/token-1'), 'token-1.key');
    fs.chmodSync(path.join(nginx.acmeRoot, '.well-known/acme-challenge/token-1'), 0o644);
    const challenge = await through(nginx, `${nginx.httpUrl}/.well-known/acme-challenge/token-1`);
    expect([challenge.status, challenge.text]).toEqual([200, 'token-1.key']);
  });

  it('caches a public segment (the second fetch is a HIT) and a playlist for a second', async () => {
    const id = sessionWithRecording('public');
    const first = await get(`/recordings/${id}/${segment}`);
    expect(first.status).toBe(200);
    expect(cacheStatus(first)).toBe('MISS');
    expect(first.headers['cache-control']).toBe(`public, max-age=${cacheSec}`);
    const second = await get(`/recordings/${id}/${segment}`);
    expect([second.status, cacheStatus(second)]).toEqual([200, 'HIT']);
    expect(second.text).toBe(first.text);
    // A query string is the same entry: it cannot get past the cache.
    expect(cacheStatus(await get(`/recordings/${id}/${segment}?nocache=${Date.now()}`))).toBe('HIT');

    const list = await get(`/recordings/${id}/${playlist}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('#EXTM3U');
    expect(list.headers['cache-control']).toBe('public, max-age=0, s-maxage=1');
    expect(cacheStatus(list)).toBe('MISS');
  });

  it("never caches a private session's recording, and never serves it to a resident", async () => {
    const id = sessionWithRecording('private');
    for (let i = 0; i < 2; i += 1) {
      const resident = await get(`/recordings/${id}/${segment}`);
      expect(resident.status).toBe(404);
      expect(cacheStatus(resident)).not.toBe('HIT');
    }
    for (let i = 0; i < 2; i += 1) {
      const staff = await get(`/recordings/${id}/${segment}`, clerk);
      expect(staff.status).toBe(200);
      expect(staff.headers['cache-control']).toBe('private, no-store');
      expect(cacheStatus(staff)).toBe('BYPASS');
    }
    // What staff fetched was not stored for the next visitor.
    const after = await get(`/recordings/${id}/${segment}`);
    expect([after.status, cacheStatus(after)]).toEqual([404, 'MISS']);
  });

  it("refuses a path that climbs from a public session's folder into a private one's, at the origin and through nginx", async () => {
    const [open, closed] = [sessionWithRecording('public'), sessionWithRecording('private')];
    for (const climb of [`/recordings/${open}/../${closed}/${segment}`, `/recordings/${open}/%2e%2e/${closed}/${segment}`]) {
      expect((await through(nginx, `${origin.url}${climb}`)).status).toBe(404);
      expect((await through(nginx, `${nginx.url}${climb}`)).status).toBe(404);
    }
  });

  it('never caches staff routes or logins', async () => {
    const login = await through(nginx, `${nginx.url}/api/auth/login`, { method: 'POST', body: { username: 'moderator', password: demoPassword(origin, 'moderator') } });
    expect(login.status).toBe(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^nist_sid=.*; Secure/i);
    expect(cacheStatus(login)).toBeUndefined();
    const moderator: Login = { cookie: login.headers['set-cookie']![0]!.split(';')[0]!, csrfToken: login.json().csrfToken, account: login.json().account };

    for (const route of ['/api/auth/me', '/api/clerk/sessions?body=ashtarak-council']) {
      const asClerk = await get(route, clerk);
      expect(asClerk.status).toBe(200);
      expect(cacheStatus(asClerk)).toBeUndefined();
      expect((await get(route)).status).toBe(401);
    }
    expect((await get('/api/auth/me', moderator)).json().account.username).toBe('moderator');
    expect((await get('/api/auth/me', clerk)).json().account.username).toBe('clerk');

    const logout = await through(nginx, `${nginx.url}/api/auth/logout`, { method: 'POST', login: moderator });
    expect(logout.status).toBe(204);
    expect((await get('/api/auth/me', moderator)).status).toBe(401);
  });

  it('carries socket.io over a WebSocket: acks, broadcasts and the login cookie of the handshake', async () => {
    const sessionId = addSession(origin);
    const moderator = await loginThrough(nginx, 'moderator', demoPassword(origin, 'moderator'));
    const [mod, resident] = await Promise.all([connectThrough(nginx, { login: moderator }), connectThrough(nginx, { clientId: newClientId() })]);
    sockets.push(mod, resident);
    expect(mod.manager.engine.transport.name).toBe('websocket');
    await ok(mod, 'moderation:subscribe', { sessionId });
    await ok(resident, 'questions:subscribe', { sessionId });

    const text = 'Ե՞րբ կվերանորոգվի մշակույթի տունը';
    const queued = nextEvent(mod, 'moderation:queued', (q) => q.text === text);
    const asked = await through(nginx, `${nginx.url}/api/sessions/${sessionId}/questions`, { method: 'POST', headers: { 'x-nist-client': newClientId() }, body: { text } });
    expect(asked.status).toBe(201);
    const question = await queued;
    const seen = feedEvent(resident, 'question:approved', (q) => q.id === question.id);
    await ok(mod, 'moderation:approve', { questionId: question.id, expectedVersion: question.version });
    expect(await seen).toMatchObject({ id: question.id, text });
  });

  // REVALIDATED is nginx's word for an entry renewed by the origin's 304 (If-None-Match), without the file again.
  it(`stops serving a session a clerk hides within its files' lifetime (${cacheSec} s), and renews unchanged files with a 304`, async () => {
    const [hidden, staying] = [sessionWithRecording('public'), sessionWithRecording('public')];
    for (const id of [hidden, staying]) {
      await get(`/recordings/${id}/${segment}`);
      expect(cacheStatus(await get(`/recordings/${id}/${segment}`))).toBe('HIT');
    }
    const hide = await through(nginx, `${nginx.url}/api/clerk/sessions/${hidden}`, { method: 'PATCH', login: clerk, body: { visibility: 'private' } });
    expect([hide.status, hide.json().visibility]).toEqual([200, 'private']);

    // Both entries were stored before the hide, so after the lifetime (and nginx's one-second clock) both are out of date.
    await sleep(cacheSec * 1000 + 1500);
    const gone = await get(`/recordings/${hidden}/${segment}`);
    expect([gone.status, cacheStatus(gone)]).toEqual([404, 'EXPIRED']);
    expect((await get(`/recordings/${hidden}/${segment}`)).status).toBe(404);

    const renewed = await get(`/recordings/${staying}/${segment}`);
    expect([renewed.status, cacheStatus(renewed)]).toEqual([200, 'REVALIDATED']);
    expect(cacheStatus(await get(`/recordings/${staying}/${segment}`))).toBe('HIT');
    // Hidden is not deleted: staff who may see private sessions still get the files, straight from the origin.
    const staff = await get(`/recordings/${hidden}/${segment}`, clerk);
    expect([staff.status, cacheStatus(staff), staff.headers['cache-control']]).toEqual([200, 'BYPASS', 'private, no-store']);
  });
});
