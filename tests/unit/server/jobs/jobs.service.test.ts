import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { JobsService, type JobEvent } from '../../../../server/jobs/jobs.service.js';
import { openDatabase, type Db } from '../../../../server/core/database.js';
import { JobsRepository } from '../../../../server/jobs/jobs.repository.js';

const log = pino({ level: 'silent' });
const dbs: Db[] = [];
const services: JobsService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.stop()));
  dbs.splice(0).forEach((d) => d.close());
});

function setup(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-jobs-')), 'nist.db'), backoffMs = 20) {
  const db = openDatabase(file);
  dbs.push(db);
  const repo = new JobsRepository(db);
  const jobs = new JobsService(repo, log, { backoffMs, maxAttempts: 3, pollMs: 50 });
  services.push(jobs);
  return { file, db, repo, jobs };
}

describe('JobsService', () => {
  it('runs a queued job, reports progress with an ETA, and marks it done', async () => {
    const { jobs } = setup();
    const events: JobEvent[] = [];
    jobs.on('job', (e) => events.push(e));
    jobs.register('work', async (_payload, ctx) => {
      ctx.progress({ percent: 0.5, etaSec: 3 });
      ctx.progress({ percent: 1, etaSec: 0 });
    });
    jobs.start();
    const job = jobs.enqueue('work', { recordingId: 7 });
    await jobs.idle();
    expect(jobs.get(job.id)).toMatchObject({ status: 'done', progress: 1, attempts: 1, error: null });
    expect(events.map((e) => e.status)).toEqual(['queued', 'running', 'running', 'running', 'done']);
    expect(events.find((e) => e.percent === 50)).toMatchObject({ etaSec: 3, kind: 'work' });
  });

  it('retries a failing job with growing backoff, then fails it for good after maxAttempts', async () => {
    const { jobs, repo } = setup();
    const attempts: number[] = [];
    const runAfter: string[] = [];
    jobs.register('flaky', async (_p, ctx) => {
      attempts.push(ctx.attempt);
      runAfter.push(repo.get(ctx.jobId)!.runAfter);
      throw new Error(`attempt ${ctx.attempt} failed`);
    });
    jobs.start();
    const job = jobs.enqueue('flaky', {});
    await expect.poll(() => jobs.get(job.id)!.status, { timeout: 5000 }).toBe('failed');
    expect(attempts).toEqual([1, 2, 3]);
    expect(jobs.get(job.id)).toMatchObject({ attempts: 3, error: 'attempt 3 failed' });
    const gaps = runAfter.slice(1).map((t, i) => Date.parse(t) - Date.parse(runAfter[i]!));
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
  });

  it('succeeds on a retry after a transient failure', async () => {
    const { jobs } = setup();
    let calls = 0;
    jobs.register('once-broken', async () => {
      calls += 1;
      if (calls === 1) throw new Error('transient');
    });
    jobs.start();
    const job = jobs.enqueue('once-broken', {});
    await expect.poll(() => jobs.get(job.id)!.status, { timeout: 5000 }).toBe('done');
    expect(jobs.get(job.id)!.attempts).toBe(2);
  });

  it('keeps jobs across restarts: one interrupted by shutdown runs again without losing an attempt', async () => {
    const first = setup();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    first.jobs.register('long', (_p, ctx) => {
      started();
      return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('cancelled'))));
    });
    first.jobs.start();
    const job = first.jobs.enqueue('long', { n: 1 });
    await running;
    await first.jobs.stop();
    expect(first.repo.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
    first.db.close();
    dbs.splice(dbs.indexOf(first.db), 1);

    const second = setup(first.file);
    let payload: unknown;
    second.jobs.register('long', async (p) => {
      payload = p;
    });
    second.jobs.start();
    await second.jobs.idle();
    expect(payload).toEqual({ n: 1 });
    expect(second.repo.get(job.id)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('queues again a job a crash left running', () => {
    const { repo, jobs } = setup();
    const job = repo.enqueue('x', {});
    repo.claimNext(['x']);
    expect(repo.get(job.id)!.status).toBe('running');
    jobs.start();
    expect(repo.get(job.id)!.status).toBe('queued');
  });
});
