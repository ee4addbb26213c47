import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../../server/civic/catalog.service.js';
import { openDatabase } from '../../../../server/core/database.js';
import type { BodyId, RecordingId } from '../../../../server/core/ids.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';
import type { RecordingStatus } from '../../../../server/recording/recordings.repository.js';
import { RetentionRepository } from '../../../../server/recording/retention.repository.js';

/** The retention rule as SQL (real SQLite, migrations applied): what is due, and what never is. */
let repos: Repositories;
let catalog: CatalogService;
let retention: RetentionRepository;
let bodyId: BodyId;

beforeEach(() => {
  const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-retention-')), 'nist.db'));
  repos = createRepositories(db);
  catalog = new CatalogService(repos);
  retention = new RetentionRepository(db);
  bodyId = catalog.createBody({ slug: 'council', kind: 'council', name: { hy: 'Ա', en: 'A', ru: 'А' } }).id;
});

function recording(o: { kind?: 'council' | 'meeting'; visibility?: 'public' | 'private'; ended?: boolean; status?: RecordingStatus; startedAt?: string } = {}): RecordingId {
  const startedAt = o.startedAt ?? '2026-01-01T07:00:00.000Z';
  const session = catalog.createSession({
    bodyId,
    kind: o.kind ?? 'meeting',
    title: 'x',
    startsAt: startedAt,
    location: '',
    status: o.ended === false ? 'live' : 'ended',
    visibility: o.visibility ?? 'private',
    createdBy: null,
  });
  return repos.recordings.create({ sessionId: session.id, status: o.status ?? 'ready', durationSec: 10, startedAt, hlsPath: `${session.id}/master.m3u8`, posterPath: null }).id;
}

describe('recordings due under a retention rule', () => {
  it('is nothing while the body has no rule (the default)', () => {
    recording();
    expect(retention.dueBy('2100-01-01T00:00:00.000Z')).toEqual([]);
  });

  it('is due retention_days after it started, not a moment before', () => {
    const id = recording();
    repos.bodies.setRetentionDays(bodyId, 10);
    expect(retention.dueBy('2026-01-11T06:59:59.999Z')).toEqual([]);
    expect(retention.dueBy('2026-01-11T07:00:00.000Z')).toMatchObject([{ id, dueAt: '2026-01-11T07:00:00.000Z', retentionDays: 10, hold: null }]);
  });

  it('never includes public records, live sessions, unfinished recordings or recordings a job works on', () => {
    const due = recording({ kind: 'council' });
    recording({ kind: 'meeting', visibility: 'public' });
    recording({ kind: 'council', visibility: 'public' });
    recording({ ended: false });
    recording({ status: 'processing' });
    recording({ status: 'recording' });
    const uploading = recording();
    repos.jobs.enqueue('recording-upload', { recordingId: uploading });
    repos.bodies.setRetentionDays(bodyId, 1);
    expect(retention.dueBy('2100-01-01T00:00:00.000Z').map((r) => r.id)).toEqual([due]);
  });

  it('lists a held recording with its hold, and again without it once released', () => {
    const id = recording();
    repos.bodies.setRetentionDays(bodyId, 1);
    expect(retention.hold(id, null, '2026-02-01T00:00:00.000Z')).toBe(true);
    expect(retention.hold(id, null, '2026-02-02T00:00:00.000Z')).toBe(false);
    expect(retention.dueBy('2100-01-01T00:00:00.000Z')[0]!.hold).toEqual({ heldAt: '2026-02-01T00:00:00.000Z', heldBy: null });
    expect(retention.release(id)).toBe(true);
    expect(retention.dueOne(id, '2100-01-01T00:00:00.000Z')!.hold).toBeNull();
  });
});
