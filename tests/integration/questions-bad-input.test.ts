import { describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { ask, newClientId } from '../helpers/questions.js';
import { errorShape } from '../helpers/errors.js';
import { withServer } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, demoIds, ok, request } from '../helpers/signaling.js';

let server: TestServer;
let moderator: Login;
let sessionId: number;
let otherAgendaItem: number;
// Every bad payload comes from one address within a minute: limits above the shipped ones.
const { open } = withServer(
  async (s) => {
    server = s;
    moderator = await login(s, 'moderator');
    sessionId = addSession(s);
    otherAgendaItem = queryServerDb<{ id: number }>(s.dataDir, 'SELECT id FROM agenda_items WHERE session_id = ? LIMIT 1', demoIds(s).scheduledSessionId)[0]!.id;
  },
  { env: { QUESTIONS_PER_MINUTE: '1000', QUESTIONS_PER_ADDRESS_PER_MINUTE: '10000' } },
);

const long = (n: number) => 'ա'.repeat(n);

describe('bad questions are refused with a 4xx and nothing is written', () => {
  const cases: [string, () => { session?: string | number; body: unknown; client?: string }, number][] = [
    ['no body', () => ({ body: '' }), 400],
    ['not JSON', () => ({ body: '{"text": ' }), 400],
    ['a JSON array', () => ({ body: '[]' }), 400],
    ['no text', () => ({ body: { authorName: 'Անի' } }), 400],
    ['text as a number', () => ({ body: { text: 12345 } }), 400],
    ['text too short', () => ({ body: { text: 'ա՞' } }), 400],
    ['only spaces and control characters', () => ({ body: { text: '   \u0000\u0007\u202E   \n\n ' } }), 400],
    ['text too long', () => ({ body: { text: long(501) } }), 400],
    ['text far too long', () => ({ body: { text: long(5000) } }), 400],
    ['name too long', () => ({ body: { text: 'Իսկական հարց', authorName: long(61) } }), 400],
    ['name as an object', () => ({ body: { text: 'Իսկական հարց', authorName: { first: 'Ա' } } }), 400],
    ['agenda item as text', () => ({ body: { text: 'Իսկական հարց', agendaItemId: 'first' } }), 400],
    ['agenda item of another session', () => ({ body: { text: 'Իսկական հարց', agendaItemId: otherAgendaItem } }), 400],
    ['an unknown field', () => ({ body: { text: 'Իսկական հարց', status: 'approved' } }), 400],
    ['the honeypot filled in', () => ({ body: { text: 'Իսկական հարց', website: 'http://spam.example' } }), 400],
    ['a malformed client id', () => ({ body: { text: 'Իսկական հարց' }, client: 'short' }), 400],
    ['a client id with odd characters', () => ({ body: { text: 'Իսկական հարց' }, client: '<script>alert(1)</script>xx' }), 400],
    ['a session id that is not a number', () => ({ session: 'abc', body: { text: 'Իսկական հարց' } }), 400],
    ['a session that does not exist', () => ({ session: 999999, body: { text: 'Իսկական հարց' } }), 404],
  ];

  it.each(cases)('%s', async (_name, make, status) => {
    const before = countRows(server.dataDir, 'questions');
    const c = make();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (c.client) headers['x-nist-client'] = c.client;
    const res = await fetch(`${server.url}/api/sessions/${c.session ?? sessionId}/questions`, {
      method: 'POST',
      headers,
      body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
    });
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error).toEqual(errorShape(body.error));
    expect(countRows(server.dataDir, 'questions')).toBe(before);
  });

  it('keeps serving after all of them', async () => {
    const res = await ask(server, sessionId, { text: 'Իսկական հարց, որը պետք է ընդունվի' }, newClientId());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(Number), status: 'pending' });
  });

  it('stores HTML as the text it is', async () => {
    const text = '<img src=x onerror="alert(1)"> <script>alert(2)</script> Ինչու՞';
    const res = await ask(server, sessionId, { text, authorName: '<b>Արամ</b>' }, newClientId());
    expect(res.status).toBe(201);
    const row = queryServerDb<{ text: string; author_name: string }>(server.dataDir, 'SELECT text, author_name FROM questions WHERE id = ?', res.body.id)[0]!;
    expect(row).toEqual({ text, author_name: '<b>Արամ</b>' });
  });
});

describe('bad socket requests get an error ack and change nothing', () => {
  const q = () => queryServerDb<{ id: number; version: number }>(server.dataDir, 'SELECT id, version FROM questions ORDER BY id DESC LIMIT 1')[0]!;
  const cases: [string, () => unknown, string][] = [
    ['moderation:approve', () => ({}), 'validation_failed'],
    ['moderation:approve', () => ({ questionId: 'x', expectedVersion: 1 }), 'validation_failed'],
    ['moderation:approve', () => ({ questionId: q().id, expectedVersion: -1 }), 'validation_failed'],
    ['moderation:approve', () => ({ questionId: q().id, expectedVersion: 1.5 }), 'validation_failed'],
    ['moderation:approve', () => ({ questionId: q().id, expectedVersion: q().version, extra: true }), 'validation_failed'],
    ['moderation:approve', () => ({ questionId: 999999, expectedVersion: 1 }), 'not_found'],
    ['moderation:approve', () => ({ questionId: q().id, expectedVersion: q().version + 5 }), 'conflict'],
    ['moderation:approve', () => 'not an object', 'validation_failed'],
    ['moderation:approve', () => null, 'validation_failed'],
    ['moderation:reject', () => ({ questionId: q().id, expectedVersion: q().version, reason: long(301) }), 'validation_failed'],
    ['moderation:edit', () => ({ questionId: q().id, expectedVersion: q().version, text: 'ա' }), 'validation_failed'],
    ['moderation:edit', () => ({ questionId: q().id, expectedVersion: q().version, text: long(501) }), 'validation_failed'],
    ['moderation:merge', () => ({ questionId: q().id, expectedVersion: q().version, intoId: q().id }), 'validation_failed'],
    ['moderation:merge', () => ({ questionId: q().id, expectedVersion: q().version, intoId: 999999 }), 'not_found'],
    ['moderation:pin', () => ({ questionId: q().id, expectedVersion: q().version, pinned: 'yes' }), 'validation_failed'],
    ['moderation:pin', () => ({ questionId: q().id, expectedVersion: q().version, pinned: true }), 'conflict'],
    ['moderation:answer', () => ({ questionId: q().id, expectedVersion: q().version, answerText: long(1001) }), 'validation_failed'],
    ['moderation:subscribe', () => ({ sessionId: 'all' }), 'validation_failed'],
    ['moderation:subscribe', () => ({ sessionId: 999999 }), 'not_found'],
    ['questions:subscribe', () => ({ sessionId: -1 }), 'validation_failed'],
    ['questions:vote', () => ({ questionId: q().id }), 'not_found'],
    ['questions:vote', () => ({ questionId: 0 }), 'validation_failed'],
  ];

  it.each(cases)('%s %#', async (event, payload, code) => {
    const m = await open(moderator, { clientId: newClientId() });
    const before = queryServerDb(server.dataDir, 'SELECT id, status, version, votes, pinned, text FROM questions');
    const audit = countRows(server.dataDir, 'audit_log');
    const reply = await request(m, event, payload());
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(queryServerDb(server.dataDir, 'SELECT id, status, version, votes, pinned, text FROM questions')).toEqual(before);
    expect(countRows(server.dataDir, 'audit_log')).toBe(audit);
  });

  it('still answers good requests', async () => {
    const m = await open(moderator);
    const { items } = await ok(m, 'moderation:subscribe', { sessionId });
    expect(items.length).toBeGreaterThan(0);
    expect((await call(server.url, null, 'GET', '/api/health')).status).toBeLessThan(600);
  });
});
