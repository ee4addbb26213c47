import type { Db } from '../core/database.js';

declare const jobBrand: unique symbol;
export type JobId = number & { readonly [jobBrand]: 'JobId' };

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export type Job = {
  id: JobId;
  kind: string;
  payload: unknown;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  error: string | null;
  attempts: number;
  runAfter: string;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  id: number;
  kind: string;
  payload: string;
  status: JobStatus;
  progress: number;
  error: string | null;
  attempts: number;
  run_after: string;
  created_at: string;
  updated_at: string;
};

const toJob = (r: Row): Job => ({
  id: r.id as JobId,
  kind: r.kind,
  payload: JSON.parse(r.payload) as unknown,
  status: r.status,
  progress: r.progress,
  error: r.error,
  attempts: r.attempts,
  runAfter: r.run_after,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const iso = (d: Date) => d.toISOString();

/** The durable job queue. Times are ISO-8601 UTC, compared as text (same format everywhere). */
export class JobsRepository {
  constructor(private readonly db: Db) {}

  enqueue(kind: string, payload: unknown, runAfter = new Date()): Job {
    const now = iso(new Date());
    const id = this.db
      .prepare('INSERT INTO jobs (kind, payload, run_after, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(kind, JSON.stringify(payload), iso(runAfter), now, now).lastInsertRowid;
    return this.get(Number(id) as JobId)!;
  }

  /** The newest jobs first, for the staff page. */
  listRecent(limit: number): Job[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as Row[]).map(toJob);
  }

  get(id: JobId): Job | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as Row | undefined;
    return row && toJob(row);
  }

  /** A queued or running job of `kind` whose payload has `key` = `value` (to avoid queuing the same work twice). */
  findActive(kind: string, key: string, value: string | number): Job | undefined {
    const row = this.db
      .prepare(
        `SELECT * FROM jobs WHERE kind = ? AND status IN ('queued', 'running')
           AND json_extract(payload, '$.' || ?) = ? ORDER BY id LIMIT 1`,
      )
      .get(kind, key, value) as Row | undefined;
    return row && toJob(row);
  }

  /** Takes the oldest due job of the given kinds and marks it running (one statement, so no two runners share it). */
  claimNext(kinds: string[], now = new Date()): Job | undefined {
    if (kinds.length === 0) return undefined;
    const row = this.db
      .prepare(
        `UPDATE jobs SET status = 'running', attempts = attempts + 1, updated_at = @now
          WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_after <= @now
                        AND kind IN (SELECT value FROM json_each(@kinds)) ORDER BY run_after, id LIMIT 1)
          RETURNING *`,
      )
      .get({ now: iso(now), kinds: JSON.stringify(kinds) }) as Row | undefined;
    return row && toJob(row);
  }

  setProgress(id: JobId, progress: number): void {
    this.db
      .prepare('UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?')
      .run(Math.min(1, Math.max(0, progress)), iso(new Date()), id);
  }

  complete(id: JobId): void {
    this.db
      .prepare(`UPDATE jobs SET status = 'done', progress = 1, error = NULL, updated_at = ? WHERE id = ?`)
      .run(iso(new Date()), id);
  }

  /** Back to the queue after a failure, not before `runAfter`. */
  retryLater(id: JobId, error: string, runAfter: Date): void {
    this.db
      .prepare(`UPDATE jobs SET status = 'queued', error = ?, run_after = ?, updated_at = ? WHERE id = ?`)
      .run(error, iso(runAfter), iso(new Date()), id);
  }

  fail(id: JobId, error: string): void {
    this.db.prepare(`UPDATE jobs SET status = 'failed', error = ?, updated_at = ? WHERE id = ?`).run(error, iso(new Date()), id);
  }

  /** A job interrupted by shutdown goes back to the queue without using up an attempt. */
  release(id: JobId): void {
    this.db
      .prepare(`UPDATE jobs SET status = 'queued', attempts = max(0, attempts - 1), updated_at = ? WHERE id = ? AND status = 'running'`)
      .run(iso(new Date()), id);
  }

  /** After a crash, jobs left running are queued again (their attempt counts: it may be what crashed us). */
  requeueInterrupted(): number {
    return this.db
      .prepare(`UPDATE jobs SET status = 'queued', updated_at = ? WHERE status = 'running'`)
      .run(iso(new Date())).changes;
  }

  /** When the next queued job is due, or null. */
  nextDue(): string | null {
    return (this.db.prepare(`SELECT min(run_after) FROM jobs WHERE status = 'queued'`).pluck().get() as string | null) ?? null;
  }
}
