import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionId } from '../../../../server/core/ids.js';
import { LiveService } from '../../../../server/live/live.service.js';
import { openDatabase, type Db } from '../../../../server/core/database.js';
import { createRepositories, type Repositories } from '../../../../server/core/repositories.js';

const log = pino({ level: 'silent' });
const dbs: Db[] = [];
const services: LiveService[] = [];
afterEach(() => {
  services.splice(0).forEach((s) => s.stop());
  dbs.splice(0).forEach((d) => d.close());
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A real database with one body; grace in ms (short: the tests wait it out). */
function setup(graceMs: number) {
  const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-live-')), 'nist.db'));
  dbs.push(db);
  const repos = createRepositories(db);
  db.prepare(`INSERT INTO bodies (id, slug, name_hy, name_en, name_ru, kind) VALUES (1, 'c', 'Ա', 'A', 'А', 'council')`).run();
  const live = new LiveService(repos, () => null, log, { resumeGraceMs: graceMs });
  services.push(live);
  return { repos, live };
}

function addSession(repos: Repositories, kind: 'council' | 'meeting', status: 'scheduled' | 'live' = 'scheduled', interruptedAt: string | null = null): SessionId {
  const id = repos.db
    .prepare(`INSERT INTO sessions (body_id, kind, title, starts_at, status, interrupted_at) VALUES (1, ?, 'S', '2026-01-01T10:00:00Z', ?, ?)`)
    .run(kind, status, interruptedAt).lastInsertRowid;
  return Number(id) as SessionId;
}

describe('LiveService: a lost source', () => {
  it('interrupts a live council session, resumes it when a source returns, and keeps it live meanwhile', async () => {
    const { repos, live } = setup(300);
    const id = addSession(repos, 'council');
    live.goLive(id);
    const events: string[] = [];
    live.on('sessionInterrupted', (e) => events.push(`interrupted ${Date.parse(e.endsAt) - Date.parse(e.since)}`));
    live.on('sessionResumed', () => events.push('resumed'));
    live.on('sessionEnded', () => events.push('ended'));

    live.sourceLost(id);
    live.sourceLost(id); // the room closing after its last producer: still one interruption
    expect(live.interruption(id)).toEqual({ since: repos.sessions.interruptedAt(id), endsAt: expect.any(String) });
    await sleep(150);
    live.sourceBack(id);
    expect(live.interruption(id)).toBeNull();
    expect(repos.sessions.interruptedAt(id)).toBeNull();
    await sleep(300);
    expect(repos.sessions.get(id)?.status).toBe('live');
    expect(events).toEqual(['interrupted 300', 'resumed']);
  });

  it('ends the session by itself when no source returns within the grace, as End does', async () => {
    const { repos, live } = setup(200);
    const id = addSession(repos, 'council');
    live.goLive(id);
    const ended = new Promise<{ sessionId: SessionId }>((resolve) => live.once('sessionEnded', resolve));
    const t0 = Date.now();
    live.sourceLost(id);
    expect((await ended).sessionId).toBe(id);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(repos.sessions.get(id)?.status).toBe('ended');
    expect(repos.sessions.interruptedAt(id)).toBeNull();
    expect(live.interruption(id)).toBeNull();
  });

  it('ignores sessions that are not live, and meetings', () => {
    const { repos, live } = setup(50);
    const scheduled = addSession(repos, 'council');
    const meeting = addSession(repos, 'meeting', 'live');
    live.sourceLost(scheduled);
    live.sourceLost(meeting);
    expect(repos.sessions.interruptedAt(scheduled)).toBeNull();
    expect(repos.sessions.interruptedAt(meeting)).toBeNull();
  });

  it('the End button ends at once and the grace timer does nothing after', async () => {
    const { repos, live } = setup(100);
    const id = addSession(repos, 'council');
    live.goLive(id);
    let ends = 0;
    live.on('sessionEnded', () => (ends += 1));
    live.sourceLost(id);
    live.end(id);
    await sleep(200);
    expect(ends).toBe(1);
  });

  it('at start interrupts every live council session, keeping an earlier interruption time (ended at once if its grace ran out)', async () => {
    const { repos, live } = setup(60_000);
    const fresh = addSession(repos, 'council', 'live');
    const recent = new Date(Date.now() - 10_000).toISOString();
    const waiting = addSession(repos, 'council', 'live', recent);
    const expired = addSession(repos, 'council', 'live', new Date(Date.now() - 120_000).toISOString());
    const meeting = addSession(repos, 'meeting', 'live');
    const ended = new Promise<{ sessionId: SessionId }>((resolve) => live.once('sessionEnded', resolve));
    const before = Date.now();
    live.recoverInterrupted();
    expect(Date.parse(repos.sessions.interruptedAt(fresh)!)).toBeGreaterThanOrEqual(before - 5);
    expect(live.interruption(waiting)).toEqual({ since: recent, endsAt: new Date(Date.parse(recent) + 60_000).toISOString() });
    expect((await ended).sessionId).toBe(expired);
    expect(repos.sessions.get(expired)?.status).toBe('ended');
    expect(repos.sessions.get(waiting)?.status).toBe('live');
    expect(repos.sessions.interruptedAt(meeting)).toBeNull();
  });
});
