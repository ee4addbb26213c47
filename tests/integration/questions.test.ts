import type { Client as Socket } from '../helpers/signaling.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { addRecordingInProgress, ask, connectBrowser, feedEvent, feedSilence, newClientId } from '../helpers/questions.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, nextEvent, ok, request } from '../helpers/signaling.js';

let server: TestServer;
let moderator: Login;
let admin: Login;
const sockets: Socket[] = [];
const open = async (options: Parameters<typeof connectBrowser>[1] = {}) => {
  const s = await connectBrowser(server.url, options);
  sockets.push(s);
  return s;
};

beforeAll(async () => {
  // Every question here comes from one address in a few seconds: limits far above the shipped ones (questions-limits.test.ts tests those).
  server = await startServer({
    env: { QUESTIONS_PER_MINUTE: '1000', QUESTIONS_PER_ADDRESS_PER_MINUTE: '10000', QUESTIONS_PER_ADDRESS_PER_DAY: '100000' },
  });
  [moderator, admin] = await Promise.all([login(server, 'moderator'), login(server, 'admin')]);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

/** A fresh session with two moderators and a resident watching it. */
async function stage(status: 'scheduled' | 'live' = 'scheduled') {
  const sessionId = addSession(server, { status });
  const [m1, m2, resident] = await Promise.all([open({ auth: moderator }), open({ auth: admin }), open({ clientId: newClientId() })]);
  await ok(m1, 'moderation:subscribe', { sessionId });
  await ok(m2, 'moderation:subscribe', { sessionId });
  await ok(resident, 'questions:subscribe', { sessionId });
  return { sessionId, m1, m2, resident };
}

async function queued(sessionId: number, m: Socket, text: string, clientId = newClientId()) {
  const arrived = nextEvent(m, 'moderation:queued', (q) => q.text === text);
  const res = await ask(server, sessionId, { text }, clientId);
  expect(res.status).toBe(201);
  return { id: res.body.id as number, question: await arrived, clientId };
}

async function approved(sessionId: number, m: Socket, text: string, clientId?: string) {
  const { id, question } = await queued(sessionId, m, text, clientId);
  await ok(m, 'moderation:approve', { questionId: id, expectedVersion: question.version });
  return id;
}

describe('citizen questions', () => {
  it('keeps a pending question from residents and shows it to every moderator at once', async () => {
    const { sessionId, m1, m2, resident } = await stage();
    const residentHears = feedSilence(resident, 'question:approved', 400);
    const onM2 = nextEvent(m2, 'moderation:queued');
    const { id, question } = await queued(sessionId, m1, 'Ե՞րբ կնորոգվի Շահումյան փողոցը։');
    expect(question).toMatchObject({ id, status: 'pending', version: 1, sessionId, authorName: null, votes: 0 });
    expect((await onM2).id).toBe(id);
    expect(await residentHears).toEqual([]);
    const pub = await call(server.url, null, 'GET', `/api/sessions/${sessionId}/questions`);
    expect(pub.body.items).toEqual([]);
    const detail = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    expect(detail.body.questions).toEqual([]);
    const resubscribed = await ok(resident, 'questions:subscribe', { sessionId });
    expect(resubscribed.items).toEqual([]);
  });

  it('sends an approved question to residents, and its fate to the browser that asked', async () => {
    const { sessionId, m1, m2, resident } = await stage();
    const askerId = newClientId();
    const asker = await open({ clientId: askerId });
    await ok(asker, 'questions:subscribe', { sessionId });
    const { id, question } = await queued(sessionId, m1, 'Ինչքա՞ն է ծախսվելու դպրոցի վերանորոգման վրա', askerId);
    const toResidents = feedEvent(resident, 'question:approved');
    const toColleague = nextEvent(m2, 'moderation:changed');
    const fate = nextEvent(asker, 'question:fate', (e) => e.status === 'approved');
    const reply = await ok(m1, 'moderation:approve', { questionId: id, expectedVersion: question.version });
    expect(reply.question).toMatchObject({ id, status: 'approved', version: 2 });
    expect(await toResidents).toMatchObject({ id, status: 'approved', text: question.text, votes: 0 });
    expect(await toColleague).toMatchObject({ action: 'approve', by: 'moderator', question: { id, version: 2 } });
    expect(await fate).toEqual({ id, sessionId, status: 'approved', mergedInto: null });
    const detail = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    expect(detail.body.questions).toEqual([{ id, text: question.text, authorName: null, status: 'approved', answeredAtSec: null, votes: 0 }]);
    const mine = await fetch(`${server.url}/api/sessions/${sessionId}/questions/mine`, { headers: { 'x-nist-client': askerId } });
    expect((await mine.json()).items).toMatchObject([{ id, status: 'approved' }]);
    const audit = queryServerDb<{ action: string; details: string }>(server.dataDir, "SELECT action, details FROM audit_log WHERE target = ?", `question:${id}`);
    expect(audit.map((a) => a.action)).toEqual(['question.approve']);
  });

  it('lets one of two moderators acting at once decide; the other gets a conflict with the current state', async () => {
    const { sessionId, m1, m2, resident } = await stage();
    const { id, question } = await queued(sessionId, m1, 'Կլինե՞ն արդյոք նոր խաղահրապարակներ');
    const residentEvents = feedSilence(resident, 'question:approved', 500);
    const [a, b] = await Promise.all([
      request(m1, 'moderation:approve', { questionId: id, expectedVersion: question.version }),
      request(m2, 'moderation:reject', { questionId: id, expectedVersion: question.version, reason: 'spam' }),
    ]);
    const winner = a.ok ? a : b;
    const loser: any = a.ok ? b : a;
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(loser.error.code).toBe('conflict');
    expect(loser.error.current).toEqual((winner as any).data.question);
    const row = queryServerDb<{ status: string; version: number }>(server.dataDir, 'SELECT status, version FROM questions WHERE id = ?', id)[0]!;
    expect(row).toEqual({ status: (winner as any).data.question.status, version: 2 });
    expect(queryServerDb(server.dataDir, 'SELECT action FROM audit_log WHERE target = ?', `question:${id}`)).toHaveLength(1);
    expect((await residentEvents).length).toBe(a.ok ? 1 : 0);
  });

  it('edits for typos keeping the original, and residents see the correction', async () => {
    const { sessionId, m1, resident } = await stage();
    const id = await approved(sessionId, m1, 'Երբ կբացվի նոր մանկապարտեզզը');
    const updated = feedEvent(resident, 'question:updated');
    const reply = await ok(m1, 'moderation:edit', { questionId: id, expectedVersion: 2, text: 'Ե՞րբ կբացվի նոր մանկապարտեզը' });
    expect(reply.question).toMatchObject({ text: 'Ե՞րբ կբացվի նոր մանկապարտեզը', originalText: 'Երբ կբացվի նոր մանկապարտեզզը', version: 3 });
    expect(await updated).toMatchObject({ id, text: 'Ե՞րբ կբացվի նոր մանկապարտեզը' });
    expect(Object.keys(await updated)).not.toContain('originalText');
  });

  it('counts one upvote per browser, and a merge adds the votes up', async () => {
    const { sessionId, m1, resident } = await stage();
    const keep = await approved(sessionId, m1, 'Ինչ է արվում աղբահանության համար');
    const dupe = await approved(sessionId, m1, 'Ի՞նչ քայլեր են ձեռնարկվում աղբահանության խնդրի լուծման ուղղությամբ');
    const voters = await Promise.all([1, 2, 3, 4, 5].map(() => open({ clientId: newClientId() })));
    for (const v of voters.slice(0, 2)) expect(await ok(v, 'questions:vote', { questionId: keep })).toMatchObject({ questionId: keep });
    for (const v of voters.slice(2)) await ok(v, 'questions:vote', { questionId: dupe });
    expect(await ok(voters[0]!, 'questions:vote', { questionId: keep })).toEqual({ questionId: keep, votes: 2 });

    const removed = feedEvent(resident, 'question:removed');
    const updated = feedEvent(resident, 'question:updated', (q) => q.id === keep && q.votes === 5);
    const reply = await ok(m1, 'moderation:merge', { questionId: dupe, expectedVersion: 2, intoId: keep });
    expect(reply.question).toMatchObject({ id: dupe, status: 'merged', mergedInto: keep });
    expect(reply.also).toMatchObject([{ id: keep, votes: 5 }]);
    expect(await removed).toEqual({ id: dupe, sessionId, mergedInto: keep });
    await updated;
    // Who voted for the duplicate has voted for the merged question too.
    expect(await ok(voters[3]!, 'questions:vote', { questionId: keep })).toEqual({ questionId: keep, votes: 5 });
    const list = await call(server.url, null, 'GET', `/api/sessions/${sessionId}/questions`);
    expect(list.body.items.map((q: { id: number; votes: number }) => [q.id, q.votes])).toEqual([[keep, 5]]);
  });

  it('pins one question at a time', async () => {
    const { sessionId, m1, resident } = await stage();
    const first = await approved(sessionId, m1, 'Առաջին հարց բյուջեի մասին');
    const second = await approved(sessionId, m1, 'Երկրորդ հարց տրանսպորտի մասին');
    await ok(m1, 'moderation:pin', { questionId: first, expectedVersion: 2, pinned: true });
    const unpinned = feedEvent(resident, 'question:updated', (q) => q.id === first && !q.pinned);
    const reply = await ok(m1, 'moderation:pin', { questionId: second, expectedVersion: 2, pinned: true });
    expect(reply.also).toMatchObject([{ id: first, pinned: false }]);
    await unpinned;
    const pinned = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM questions WHERE session_id = ? AND pinned = 1', sessionId);
    expect(pinned).toEqual([{ id: second }]);
  });

  it('stores the recording offset when a question is answered, and keeps it when the answer text changes', async () => {
    const { sessionId, m1, resident } = await stage('live');
    addRecordingInProgress(server, sessionId, 125);
    const id = await approved(sessionId, m1, 'Ինչ կլինի ջրամատակարարման հետ ամռանը');
    const answered = feedEvent(resident, 'question:updated', (q) => q.status === 'answered');
    const first = await ok(m1, 'moderation:answer', { questionId: id, expectedVersion: 2 });
    expect(first.question.answeredAtSec).toBeGreaterThanOrEqual(125);
    expect(first.question.answeredAtSec).toBeLessThan(135);
    expect(await answered).toMatchObject({ id, status: 'answered', answeredAtSec: first.question.answeredAtSec });
    const second = await ok(m1, 'moderation:answer', { questionId: id, expectedVersion: 3, answerText: 'Ժամանակացույցը կհրապարակվի մայիսին։' });
    expect(second.question).toMatchObject({ answeredAtSec: first.question.answeredAtSec, answerText: 'Ժամանակացույցը կհրապարակվի մայիսին։' });
    const detail = await call(server.url, null, 'GET', `/api/sessions/${sessionId}`);
    expect(detail.body.questions).toMatchObject([{ id, status: 'answered', answeredAtSec: first.question.answeredAtSec }]);
  });

  it('removes a rejected question from the public list and keeps the reason internal', async () => {
    const { sessionId, m1, resident } = await stage();
    const askerId = newClientId();
    const id = await approved(sessionId, m1, 'Հարց, որը հետո կհեռացվի ցուցակից', askerId);
    const removed = feedEvent(resident, 'question:removed');
    await ok(m1, 'moderation:reject', { questionId: id, expectedVersion: 2, reason: 'վիրավորական' });
    expect(await removed).toEqual({ id, sessionId, mergedInto: null });
    const mine = await (await fetch(`${server.url}/api/sessions/${sessionId}/questions/mine`, { headers: { 'x-nist-client': askerId } })).json();
    expect(mine.items[0]).toEqual({ id, text: expect.any(String), status: 'rejected', mergedInto: null, createdAt: expect.any(String) });
    expect(JSON.stringify(mine)).not.toContain('վիրավորական');
  });

  it('refuses near-duplicates from the same browser and of public questions, and flags the rest for moderators', async () => {
    const { sessionId, m1 } = await stage();
    const me = newClientId();
    const { id } = await queued(sessionId, m1, 'Ինչու են փողոցային լույսերը անջատված գիշերը', me);
    expect((await ask(server, sessionId, { text: 'Ինչու՞ են փողոցային լույսերը գիշերը անջատված։' }, me)).status).toBe(409);
    const other = await queued(sessionId, m1, 'ինչու են փողոցային լույսերը անջատված գիշերը', newClientId());
    expect(other.question.similarTo).toBe(id);
    await ok(m1, 'moderation:approve', { questionId: id, expectedVersion: 1 });
    const third = await ask(server, sessionId, { text: 'Ինչու են փողոցային լույսերը անջատված գիշերը' }, newClientId());
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('conflict');
  });

  it('keeps the queue to moderators of the body', async () => {
    const sessionId = addSession(server);
    const clerk = await login(server, 'clerk');
    for (const [who, code] of [
      [null, 'unauthorized'],
      [clerk, 'forbidden'],
    ] as const) {
      const s = await open({ auth: who });
      expect(await request(s, 'moderation:subscribe', { sessionId })).toMatchObject({ ok: false, error: { code } });
      expect(await request(s, 'moderation:approve', { questionId: 1, expectedVersion: 1 })).toMatchObject({ ok: false, error: { code } });
    }
  });

  it('takes questions only for public sessions that have not ended', async () => {
    const ended = addSession(server, { status: 'ended' });
    const privateMeeting = addSession(server, { kind: 'meeting' });
    expect((await ask(server, ended, { text: 'Հարց ավարտված նիստի մասին' })).status).toBe(409);
    expect((await ask(server, privateMeeting, { text: 'Հարց փակ նիստի մասին' })).status).toBe(404);
    const resident = await open({ clientId: newClientId() });
    expect(await request(resident, 'questions:subscribe', { sessionId: privateMeeting })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
