import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../../server/accounts/authorization.js';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import type { AccountId, BodyId, SessionId } from '../../../../server/core/ids.js';
import { StaleQuestionError } from '../../../../server/questions/question-moderation.service.js';
import { createQuestions, type Questions } from '../../../../server/questions/module.js';
import type { QuestionChange } from '../../../../server/questions/questions.service.js';
import { openDatabase } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

let dir: string;
let repos: Repositories;
let questions: Questions;
let sessionId: SessionId;
let bodyId: BodyId;
let offset: number | null = null;
const changes: QuestionChange[] = [];
const moderator = (): Principal => ({ kind: 'account', accountId: 1 as AccountId, username: 'mod', grants: [{ role: 'moderator', bodyId }] });
const clerk = (): Principal => ({ kind: 'account', accountId: 1 as AccountId, username: 'clerk', grants: [{ role: 'clerk', bodyId }] });
const limits = { perClientPerMinute: 100, perClientPerDay: 100, perAddressPerMinute: 100, perAddressPerDay: 100, votesPerAddressPerMinute: 100 };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-questions-'));
  repos = createRepositories(openDatabase(path.join(dir, 'nist.db')));
  repos.db.prepare("INSERT INTO accounts (id, username, display_name, password_hash) VALUES (1, 'mod', 'Mod', 'x')").run();
  const catalog = new CatalogService(repos);
  bodyId = catalog.createBody({ slug: 'gyumri', kind: 'council', name: { hy: 'Գ', en: 'G', ru: 'Г' } }).id;
  sessionId = catalog.createSession({ bodyId, kind: 'council', title: 'T', startsAt: new Date().toISOString(), location: '', visibility: 'public', createdBy: null }).id;
  questions = createQuestions(repos, { ...limits, secretFile: path.join(dir, 'secret.key') }, pino({ level: 'silent' }), () => offset);
  questions.events.on('changed', (c) => changes.push(...c));
});
afterAll(() => {
  repos.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const ask = (text = `Distinct question number ${++n} ${'x'.repeat(n)}`, who = `browser-${n}`) =>
  questions.residents.ask(sessionId, { text, authorName: null, agendaItemId: null }, { fingerprint: who, address: '10.0.0.1' });

describe('question moderation', () => {
  it('moves a question through its states, versioned, with an audit entry per action and search following', () => {
    const q = ask();
    const m = questions.moderation;
    expect(m.approve(moderator(), { questionId: q.id, expectedVersion: 1 }).question).toMatchObject({ status: 'approved', version: 2 });
    expect(m.edit(moderator(), { questionId: q.id, expectedVersion: 2, text: 'Fixed text here' }).question).toMatchObject({
      text: 'Fixed text here',
      originalText: q.text,
    });
    offset = 42.345;
    expect(m.answer(moderator(), { questionId: q.id, expectedVersion: 3 }).question).toMatchObject({ status: 'answered', answeredAtSec: 42.3 });
    offset = 99;
    expect(m.answer(moderator(), { questionId: q.id, expectedVersion: 4, answerText: 'Yes.' }).question).toMatchObject({ answeredAtSec: 42.3, answerText: 'Yes.' });
    const indexed = repos.db.prepare("SELECT title, body, start_s FROM search WHERE kind = 'question' AND ref_id = ?").get(q.id);
    expect(indexed).toEqual({ title: 'Fixed text here', body: 'Yes.', start_s: 42.3 });
    questions.moderation.reject(moderator(), { questionId: q.id, expectedVersion: 5 });
    expect(repos.db.prepare("SELECT count(*) FROM search WHERE kind = 'question' AND ref_id = ?").pluck().get(q.id)).toBe(0);
    const audit = repos.audit.list({ limit: 10 }).filter((e) => e.target === `question:${q.id}`).map((e) => e.action);
    expect(audit.reverse()).toEqual(['question.approve', 'question.edit', 'question.answer', 'question.answer', 'question.reject']);
  });

  it('refuses a stale version or an action the state does not allow, with the current question', () => {
    const q = ask();
    questions.moderation.approve(moderator(), { questionId: q.id, expectedVersion: 1 });
    const stale = () => questions.moderation.reject(moderator(), { questionId: q.id, expectedVersion: 1 });
    expect(stale).toThrow(StaleQuestionError);
    try {
      stale();
    } catch (e) {
      expect((e as StaleQuestionError).current).toMatchObject({ id: q.id, status: 'approved', version: 2 });
    }
    expect(() => questions.moderation.approve(moderator(), { questionId: q.id, expectedVersion: 2 })).toThrow(/approved question cannot/);
    const pending = ask();
    expect(() => questions.moderation.pin(moderator(), { questionId: pending.id, expectedVersion: 1, pinned: true })).toThrow(StaleQuestionError);
  });

  it('lets only moderators of the body act', () => {
    const q = ask();
    expect(() => questions.moderation.approve(clerk(), { questionId: q.id, expectedVersion: 1 })).toThrow(/questions.moderate/);
    expect(() => questions.moderation.approve({ kind: 'anonymous' }, { questionId: q.id, expectedVersion: 1 })).toThrow(/log in/);
    expect(repos.questions.get(q.id)).toMatchObject({ status: 'pending', version: 1 });
  });

  it('merges a duplicate: votes add up, its voters count for the target, residents lose the duplicate', () => {
    const a = ask();
    const b = ask();
    for (const q of [a, b]) questions.moderation.approve(moderator(), { questionId: q.id, expectedVersion: 1 });
    for (const v of ['v1', 'v2']) questions.residents.vote(a.id, { fingerprint: v, address: v });
    for (const v of ['v2', 'v3', 'v4']) questions.residents.vote(b.id, { fingerprint: v, address: v });
    changes.length = 0;
    const result = questions.moderation.merge(moderator(), { questionId: b.id, expectedVersion: 2, intoId: a.id });
    expect(result.question).toMatchObject({ id: b.id, mergedInto: a.id });
    expect(result.also).toMatchObject([{ id: a.id, votes: 5 }]);
    expect(changes.map((c) => [c.after.id, c.action])).toEqual([
      [b.id, 'merge'],
      [a.id, 'merge'],
    ]);
    expect(questions.residents.vote(a.id, { fingerprint: 'v3', address: 'v3' }).counted).toBe(false);
    expect(questions.residents.listPublic(sessionId).map((q) => q.id)).not.toContain(b.id);
    expect(() => questions.moderation.merge(moderator(), { questionId: a.id, expectedVersion: 3, intoId: b.id })).toThrow(/merged/);
  });

  it('counts one vote per browser and only for public questions', () => {
    const q = ask();
    expect(() => questions.residents.vote(q.id, { fingerprint: 'v', address: 'v' })).toThrow(/no question/);
    questions.moderation.approve(moderator(), { questionId: q.id, expectedVersion: 1 });
    expect(questions.residents.vote(q.id, { fingerprint: 'v', address: 'v' })).toMatchObject({ counted: true, question: { votes: 1 } });
    expect(questions.residents.vote(q.id, { fingerprint: 'v', address: 'v' })).toMatchObject({ counted: false, question: { votes: 1, version: 2 } });
  });
});
