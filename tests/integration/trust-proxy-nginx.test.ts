import type { Client as Socket } from '../helpers/signaling.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../helpers/auth.js';
import { newClientId, writeServerDb } from '../helpers/questions.js';
import { connectThrough, startNginx, through, type Nginx } from '../helpers/nginx.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, request } from '../helpers/signaling.js';

// Two residents on this machine behind one nginx: their connections to nginx come from 127.0.0.2 and 127.0.0.3.
const residentA = '127.0.0.2';
const residentB = '127.0.0.3';

let origin: TestServer;
let nginx: Nginx;
const sockets: Socket[] = [];
beforeAll(async () => {
  origin = await startServer({
    env: {
      // nginx's own address only: the default (loopback) would also believe the residents, who are on
      // loopback here, and a forged X-Forwarded-For from them could then pick their address.
      TRUST_PROXY: '127.0.0.1',
      // Lowered so the second vote from one address reaches the limit (the shipped 120 a minute would take 121).
      QUESTION_VOTES_PER_ADDRESS_PER_MINUTE: '1',
    },
  });
  nginx = await startNginx(origin.url);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nginx?.stop();
  await origin?.stop();
});

let n = 0;
/** A question from a fresh browser at `from`, claiming some other address in X-Forwarded-For. */
async function ask(sessionId: number, from: string): Promise<{ status: number; retryAfter: unknown }> {
  n += 1;
  const res = await through(nginx, `${nginx.url}/api/sessions/${sessionId}/questions`, {
    method: 'POST',
    localAddress: from,
    headers: { 'x-nist-client': newClientId(), 'x-forwarded-for': `198.51.100.${n % 250}` },
    body: { text: `Հարց թիվ ${n}՝ ${['բյուջե', 'դպրոց', 'ջուր', 'աղբ', 'այգի', 'լույս', 'կամուրջ', 'շուկա'][n % 8]} ${'ա'.repeat(n)}` },
  });
  return { status: res.status, retryAfter: res.headers['retry-after'] };
}

const loginFrom = (from: string, username: string, password: string) =>
  through(nginx, `${nginx.url}/api/auth/login`, { method: 'POST', localAddress: from, body: { username, password } });

describe('TRUST_PROXY behind nginx', () => {
  it('limits the questions of two residents behind one nginx apart, whatever X-Forwarded-For they send', async () => {
    const sessionId = addSession(origin);
    // The shipped limit: 10 questions a minute per address (each from a new browser, so the per-browser 3 never applies).
    for (let i = 0; i < 10; i += 1) expect((await ask(sessionId, residentA)).status).toBe(201);
    const refused = await ask(sessionId, residentA);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await ask(sessionId, residentB)).status).toBe(201);
  });

  // Twenty password checks (scrypt) take a while on a loaded machine.
  it('throttles failed logins per resident address: one locked out, the other logs in', { timeout: 120_000 }, async () => {
    // The shipped limit: 20 failures per address in 15 minutes, then a lock (each for another name, so no account locks).
    const failures = await Promise.all(Array.from({ length: 20 }, (_, i) => loginFrom(residentA, `nobody-${i}`, 'wrong password 123')));
    expect(failures.map((r) => r.status)).toEqual(Array(20).fill(401));
    const locked = await loginFrom(residentA, 'clerk', demoPassword(origin, 'clerk'));
    expect(locked.status).toBe(429);
    expect(locked.json().error.message).toContain('from this address');
    expect((await loginFrom(residentB, 'clerk', demoPassword(origin, 'clerk'))).status).toBe(200);
    // The origin counted the address nginx saw, not nginx's own.
    const failed = origin.logs.filter((l) => l.msg === 'login failed').map((l) => l.address);
    expect(new Set(failed)).toEqual(new Set([residentA]));
  });

  it('applies the same rule to socket handshakes through nginx (votes per address)', async () => {
    const sessionId = addSession(origin);
    const questionId = writeServerDb(origin, (db) =>
      Number(
        db
          .prepare(`INSERT INTO questions (session_id, text, status, client_fingerprint) VALUES (?, 'Ե՞րբ կնորոգվի փողոցը', 'approved', 'test')`)
          .run(sessionId).lastInsertRowid,
      ),
    );
    const vote = async (from: string) => {
      const socket = await connectThrough(nginx, { clientId: newClientId(), localAddress: from });
      sockets.push(socket);
      return request(socket, 'questions:vote', { questionId });
    };
    expect((await vote(residentA)).ok).toBe(true);
    const again = await vote(residentA);
    expect(again.ok === false && again.error.code).toBe('rate_limited');
    expect((await vote(residentB)).ok).toBe(true);
  });
});
