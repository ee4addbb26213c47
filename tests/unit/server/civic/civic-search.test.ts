import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import type { SessionId } from '../../../../server/core/ids.js';
import { openDatabase } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

let repos: Repositories;
let catalog: CatalogService;
let sessionId: SessionId;
const count = () => repos.db.prepare('SELECT count(*) FROM search').pluck().get() as number;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-civic-search-'));
  repos = createRepositories(openDatabase(path.join(dir, 'nist.db')));
  catalog = new CatalogService(repos);
  const body = catalog.createBody({ slug: 'gyumri', kind: 'council', name: { hy: 'Գ', en: 'G', ru: 'Г' } });
  sessionId = catalog.createSession({ bodyId: body.id, kind: 'council', title: 'Ավագանու նիստ', startsAt: '2026-03-01T07:00:00.000Z', location: '', visibility: 'public', createdBy: null }).id;
});

describe('the search index', () => {
  it('keeps one row per thing however often it is written, and follows edits', () => {
    const before = count();
    const item = catalog.addAgendaItem(sessionId, { number: '1', title: 'Ճանապարհների նորոգում', description: '', presenter: '' });
    catalog.updateAgendaItem(item.id, { title: 'Ճանապարհների և մայթերի նորոգում' });
    catalog.updateAgendaItem(item.id, { presenter: 'Քաղաքաշինության բաժին' });
    expect(count()).toBe(before + 1);
    expect(repos.search.query('մայթեր').map((h) => h.title)).toEqual(['1. Ճանապարհների և մայթերի նորոգում']);
    catalog.deleteAgendaItem(item.id);
    expect(repos.search.query('մայթեր')).toEqual([]);
  });

  it('matches across scripts without diacritics and by prefix', () => {
    catalog.addAgendaItem(sessionId, { number: '2', title: 'Café licences and ёлка', description: 'Бюджетные изменения', presenter: '' });
    expect(repos.search.query('cafe').length).toBe(1);
    // unicode61 folds Latin diacritics only: Cyrillic ё stays ё.
    expect(repos.search.query('ёлка').length).toBe(1);
    expect(repos.search.query('бюджетн').length).toBe(1);
  });

  it('indexes caption cues at their moments, replaced as a whole, per language', () => {
    repos.search.replaceCaptions(7, sessionId, 'hy', [{ startSec: 61.5, text: 'Խոսենք ջրագծերի մասին' }, { startSec: 90, text: 'Քվեարկություն' }]);
    repos.search.replaceCaptions(7, sessionId, 'ru', [{ startSec: 61.5, text: 'Поговорим о водопроводе' }]);
    expect(repos.search.query('ջրագծ', 10, 'hy')).toEqual([expect.objectContaining({ kind: 'caption', startSec: 61.5, title: 'Ավագանու նիստ' })]);
    expect(repos.search.query('ջրագծ', 10, 'ru')).toEqual([]);
    repos.search.replaceCaptions(7, sessionId, 'hy', [{ startSec: 5, text: 'Բացում' }]);
    expect(repos.search.query('ջրագծ')).toEqual([]);
    expect(repos.search.query('водопровод').length).toBe(1);
  });

  it('stays fast and complete for a prefix that matches thousands of rows', () => {
    repos.db.transaction(() => {
      for (let i = 0; i < 3000; i++) catalog.addAgendaItem(sessionId, { number: String(i), title: `Բյուջեի հարց ${i}`, description: '', presenter: '' });
    })();
    repos.search.replaceCaptions(8, sessionId, 'hy', [{ startSec: 30, text: 'բյուջեի մասին' }]);
    const started = performance.now();
    const hits = repos.search.query('բյուջ', 30);
    expect(performance.now() - started).toBeLessThan(200);
    expect(hits).toHaveLength(30);
    // Captions are ranked in their own window, so they are not crowded out by thousands of agenda rows.
    expect(repos.search.query('բյուջ', 100).some((h) => h.kind === 'caption')).toBe(true);
  });
});

describe('snippets', () => {
  it('marks every word that starts with a query word, folding case and Latin accents, around the first hit', async () => {
    const { makeSnippet } = await import('../../../../server/civic/search.repository.js');
    expect(makeSnippet('Համայնքի 2027 թվականի բյուջեի նախագծի քննարկում', ['բյուջե'])).toBe('Համայնքի 2027 թվականի <mark>բյուջեի</mark> նախագծի քննարկում');
    expect(makeSnippet('The CAFÉ licence, and cafés.', ['cafe'])).toBe('The <mark>CAFÉ</mark> licence, and <mark>cafés.</mark>');
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') + ' բյուջեն';
    expect(makeSnippet(long, ['բյուջ'])).toMatch(/^….*<mark>բյուջեն<\/mark>$/);
  });
});
