import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import { openDatabase } from '../../../../server/core/database.js';
import type { RecordingId } from '../../../../server/core/ids.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

/** A recording's interpreters' tracks (migration 013, real SQLite): one per language and kind, gone with the recording. */
let repos: Repositories;
let recordingId: RecordingId;

beforeEach(() => {
  repos = createRepositories(openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-tracks-')), 'nist.db')));
  const catalog = new CatalogService(repos);
  const bodyId = catalog.createBody({ slug: 'council', kind: 'council', name: { hy: 'Ա', en: 'A', ru: 'А' } }).id;
  const session = catalog.createSession({ bodyId, kind: 'council', title: 'x', startsAt: '2026-01-01T07:00:00.000Z', location: '', status: 'ended', visibility: 'public', createdBy: null });
  recordingId = repos.recordings.create({ sessionId: session.id, status: 'ready', durationSec: 10, startedAt: '2026-01-01T07:00:00.000Z', hlsPath: `${session.id}/master.m3u8`, posterPath: null }).id;
});

describe('recording tracks', () => {
  it('keeps one track per kind and language; setting one again replaces it', () => {
    repos.recordingTracks.set(recordingId, { kind: 'interpretation', lang: 'ru', path: '1/audio-ru/index.m3u8', origin: 'live' });
    repos.recordingTracks.set(recordingId, { kind: 'sign', lang: null, path: '1/sign/index.m3u8', origin: 'live' });
    repos.recordingTracks.set(recordingId, { kind: 'interpretation', lang: 'en', path: '1/audio-en/index.m3u8', origin: 'live' });
    repos.recordingTracks.set(recordingId, { kind: 'interpretation', lang: 'ru', path: '1/audio-ru/index.m3u8', origin: 'attached' });
    repos.recordingTracks.set(recordingId, { kind: 'sign', lang: null, path: '1/sign/index.m3u8', origin: 'attached' });
    expect(repos.recordingTracks.list(recordingId).map((t) => [t.kind, t.lang, t.origin])).toEqual([
      ['interpretation', 'en', 'live'],
      ['interpretation', 'ru', 'attached'],
      ['sign', null, 'attached'],
    ]);
  });

  it('refuses a language outside the product languages, and a sign track with one', () => {
    expect(() => repos.recordingTracks.set(recordingId, { kind: 'interpretation', lang: 'xx', path: 'p', origin: 'live' })).toThrow(/CHECK/);
    expect(() => repos.recordingTracks.set(recordingId, { kind: 'sign', lang: 'ru', path: 'p', origin: 'live' })).toThrow(/CHECK/);
    expect(repos.recordingTracks.list(recordingId)).toEqual([]);
  });

  it('goes with its recording', () => {
    repos.recordingTracks.set(recordingId, { kind: 'sign', lang: null, path: '1/sign/index.m3u8', origin: 'live' });
    repos.db.prepare('DELETE FROM recordings WHERE id = ?').run(recordingId);
    expect(repos.recordingTracks.list(recordingId)).toEqual([]);
  });
});
