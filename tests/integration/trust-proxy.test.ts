import type { Client as Socket } from '../helpers/signaling.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBrowser, newClientId, writeServerDb } from '../helpers/questions.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, request } from '../helpers/signaling.js';

// Two residents behind one proxy on this machine (the test client, 127.0.0.1), told apart by X-Forwarded-For.
const residentA = '203.0.113.10';
const residentB = '203.0.113.20';
// Per address lowered (2 questions, 1 vote a minute) so the limits are reached at once; per browser far above.
const limits = { QUESTIONS_PER_MINUTE: '1000', QUESTIONS_PER_ADDRESS_PER_MINUTE: '2', QUESTION_VOTES_PER_ADDRESS_PER_MINUTE: '1' };

let trusting: TestServer;
let distrusting: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  [trusting, distrusting] = await Promise.all([
    startServer({ env: limits }),
    // A range that leaves out 127.0.0.1: the test client's X-Forwarded-For is not believed.
    startServer({ env: { ...limits, TRUST_PROXY: '10.0.0.0/8, 192.168.0.0/16' } }),
  ]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([trusting?.stop(), distrusting?.stop()]);
});

let n = 0;
async function askFrom(server: TestServer, sessionId: number, forwardedFor: string): Promise<number> {
  const res = await fetch(`${server.url}/api/sessions/${sessionId}/questions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-nist-client': newClientId(), 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ text: `Հարց թիվ ${++n} ${'ա'.repeat(n)} ${['բյուջե', 'դպրոց', 'ջուր', 'աղբ', 'այգի', 'լույս', 'կամուրջ', 'շուկա'][n % 8]}` }),
  });
  await res.body?.cancel();
  return res.status;
}

/** A public question to vote on: approved in the database (the server reads it per request). */
function approvedQuestion(server: TestServer, sessionId: number): number {
  return writeServerDb(server, (db) =>
    Number(
      db
        .prepare(`INSERT INTO questions (session_id, text, status, client_fingerprint) VALUES (?, 'Ե՞րբ կնորոգվի փողոցը', 'approved', 'test')`)
        .run(sessionId).lastInsertRowid,
    ),
  );
}

async function voteFrom(server: TestServer, questionId: number, forwardedFor: string) {
  const socket = await connectBrowser(server.url, { clientId: newClientId(), headers: { 'x-forwarded-for': forwardedFor } });
  sockets.push(socket);
  return request(socket, 'questions:vote', { questionId });
}

describe('TRUST_PROXY', () => {
  it('by default (loopback) believes a local proxy: residents it forwards are rate-limited apart', async () => {
    const sessionId = addSession(trusting);
    expect([await askFrom(trusting, sessionId, residentA), await askFrom(trusting, sessionId, residentA)]).toEqual([201, 201]);
    expect(await askFrom(trusting, sessionId, residentA)).toBe(429);
    expect(await askFrom(trusting, sessionId, residentB)).toBe(201);
  });

  it('with a range that leaves out the sender, ignores X-Forwarded-For: the residents share one limit', async () => {
    const sessionId = addSession(distrusting);
    expect([await askFrom(distrusting, sessionId, residentA), await askFrom(distrusting, sessionId, residentA)]).toEqual([201, 201]);
    expect(await askFrom(distrusting, sessionId, residentB)).toBe(429);
  });

  it('applies the same rule to socket handshakes (votes per address)', async () => {
    const q1 = approvedQuestion(trusting, addSession(trusting));
    expect((await voteFrom(trusting, q1, residentA)).ok).toBe(true);
    const again = await voteFrom(trusting, q1, residentA);
    expect(again.ok === false && again.error.code).toBe('rate_limited');
    expect((await voteFrom(trusting, q1, residentB)).ok).toBe(true);

    const q2 = approvedQuestion(distrusting, addSession(distrusting));
    expect((await voteFrom(distrusting, q2, residentA)).ok).toBe(true);
    const other = await voteFrom(distrusting, q2, residentB);
    expect(other.ok === false && other.error.code).toBe('rate_limited');
  });
});
