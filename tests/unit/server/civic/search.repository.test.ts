import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import { openDatabase } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';
import { toMatchExpression } from '../../../../server/civic/search.repository.js';

let repos: Repositories;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-search-'));
  repos = createRepositories(openDatabase(path.join(dir, 'nist.db')));
  const catalog = new CatalogService(repos);
  const body = catalog.createBody({ slug: 'vanadzor', kind: 'council', name: { hy: 'Վ', en: 'V', ru: 'В' } });
  const pub = catalog.createSession({
    bodyId: body.id, kind: 'council', title: 'Ավագանու նիստ', startsAt: '2025-03-01T07:00:00.000Z',
    location: '', visibility: 'public', createdBy: null,
  });
  catalog.addAgendaItem(pub.id, { number: '1', title: 'Համայնքի բյուջեի հաստատում', description: '', presenter: '' });
  catalog.addAgendaItem(pub.id, { number: '2', title: 'Бюджет общины на 2026 год', description: '', presenter: '' });
  catalog.addAgendaItem(pub.id, { number: '3', title: 'Café licences', description: '', presenter: '' });
  const priv = catalog.createSession({
    bodyId: body.id, kind: 'meeting', title: 'Փակ խորհրդակցություն', startsAt: '2025-03-02T07:00:00.000Z',
    location: '', visibility: 'private', createdBy: null,
  });
  catalog.addAgendaItem(priv.id, { number: '1', title: 'Բյուջեի գաղտնի քննարկում', description: '', presenter: '' });
});
afterAll(() => {
  repos.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('search', () => {
  it('finds an inflected Armenian word by its stem as a prefix ("բյուջե" finds "բյուջեի")', () => {
    const hits = repos.search.query('բյուջե');
    expect(hits.map((h) => h.title)).toContain('1. Համայնքի բյուջեի հաստատում');
  });

  it('finds Russian text case-insensitively and English without diacritics', () => {
    expect(repos.search.query('бюджет').map((h) => h.kind)).toContain('agenda');
    expect(repos.search.query('cafe')[0]?.title).toBe('3. Café licences');
  });

  it('never returns rows of private sessions', () => {
    expect(repos.search.query('գաղտնի')).toEqual([]);
  });

  it('treats FTS operators in the input as plain words', () => {
    expect(toMatchExpression('a" OR b*')).toBe('"a"* AND "OR"* AND "b"*');
    expect(() => repos.search.query('") NEAR(')).not.toThrow();
    expect(toMatchExpression('  ...  ')).toBeNull();
  });
});

describe('year filter', () => {
  it('counts sessions by the Yerevan calendar year', () => {
    const body = repos.bodies.getBySlug('vanadzor')!;
    // 1 January 2026, 02:00 in Yerevan is 31 December 2025, 22:00 UTC.
    repos.sessions.create({ bodyId: body.id, kind: 'council', title: 'New Year', startsAt: '2025-12-31T22:00:00.000Z', location: '', visibility: 'public', createdBy: null });
    const in2026 = repos.sessions.list({ year: 2026, page: 1, pageSize: 10, visibility: 'public' });
    expect(in2026.items.map((s) => s.title)).toEqual(['New Year']);
    expect(repos.sessions.publicYears()).toEqual([2026, 2025]);
  });
});
