import { EventEmitter } from 'node:events';
import type { Logger } from '../core/logger.js';
import type { Job, JobId, JobsRepository } from './jobs.repository.js';

export type JobProgress = { percent: number; etaSec: number | null };

export type JobContext = {
  jobId: JobId;
  attempt: number;
  /** Aborted when the server shuts down; the handler should stop its work (the job is queued again). */
  signal: AbortSignal;
  progress: (p: JobProgress) => void;
};

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** What the staff page and the terminal see. `percent` is 0..100. */
export type JobEvent = {
  id: JobId;
  kind: string;
  status: Job['status'];
  percent: number;
  etaSec: number | null;
  attempts: number;
  error: string | null;
};

type Events = { job: [event: JobEvent] };

export type JobsOptions = {
  maxAttempts?: number;
  /** First retry after this long; each further retry waits twice as long (capped at an hour). */
  backoffMs?: number;
  pollMs?: number;
};

/**
 * Runs queued jobs one at a time (a transcode uses both cores). Jobs live in SQLite, so they survive
 * restarts; a failed job is retried with exponential backoff up to `maxAttempts`; progress is stored and
 * emitted as `job` events.
 */
export class JobsService extends EventEmitter<Events> {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly eta = new Map<JobId, number | null>();
  private running: { job: Job; abort: AbortController; done: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;

  constructor(
    private readonly repo: JobsRepository,
    private readonly log: Logger,
    private readonly options: JobsOptions = {},
  ) {
    super();
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  enqueue(kind: string, payload: unknown): Job {
    const job = this.repo.enqueue(kind, payload);
    this.log.info({ jobId: job.id, kind }, 'job queued');
    this.publish(job);
    this.kick();
    return job;
  }

  /** A queued or running job of `kind` for this recording, if any (so the same work is not queued twice). */
  findActiveFor(kind: string, recordingId: number): Job | undefined {
    return this.repo.findActive(kind, 'recordingId', recordingId);
  }

  /** The newest jobs as the staff page shows them. */
  recent(limit: number): JobEvent[] {
    return this.repo.listRecent(limit).map((job) => ({
      ...eventOf(job),
      etaSec: job.status === 'running' ? (this.eta.get(job.id) ?? null) : null,
    }));
  }

  get(id: JobId): (Job & { etaSec: number | null }) | undefined {
    const job = this.repo.get(id);
    return job && { ...job, etaSec: this.eta.get(id) ?? null };
  }

  /** Starts taking jobs; jobs a crash left running are queued again first. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const requeued = this.repo.requeueInterrupted();
    if (requeued) this.log.warn({ requeued }, 'jobs interrupted by a restart were queued again');
    this.kick();
  }

  /** Stops taking jobs and cancels the running one, which goes back to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const current = this.running;
    if (current) {
      current.abort.abort();
      await current.done;
    }
  }

  /** Resolves when no job is due or running (tests and the import CLI). */
  async idle(): Promise<void> {
    while (this.running || this.hasDueJob()) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private hasDueJob(): boolean {
    const due = this.repo.nextDue();
    return due !== null && due <= new Date().toISOString() && this.handlers.size > 0;
  }

  private kick(delayMs = 0): void {
    if (!this.started || this.stopped || this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
  }

  private tick(): void {
    this.timer = null;
    if (this.stopped || this.running) return;
    let job: Job | undefined;
    try {
      job = this.repo.claimNext([...this.handlers.keys()]);
    } catch (error) {
      this.log.error({ err: error }, 'could not take a job from the queue');
      this.kick(this.options.pollMs ?? 5000);
      return;
    }
    if (!job) {
      const due = this.repo.nextDue();
      const wait = due ? Math.max(50, Date.parse(due) - Date.now()) : (this.options.pollMs ?? 5000);
      this.kick(Math.min(wait, this.options.pollMs ?? 5000));
      return;
    }
    const abort = new AbortController();
    const done = this.execute(job, abort).finally(() => {
      this.running = null;
      this.kick();
    });
    this.running = { job, abort, done };
  }

  private async execute(job: Job, abort: AbortController): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const log = this.log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    log.info('job started');
    this.publish(job);
    let lastWrite = 0;
    const progress = (p: JobProgress) => {
      this.eta.set(job.id, p.etaSec);
      const now = Date.now();
      if (now - lastWrite >= 500 || p.percent >= 1) {
        lastWrite = now;
        this.repo.setProgress(job.id, p.percent);
      }
      this.emit('job', { ...eventOf(job), status: 'running', percent: Math.round(p.percent * 1000) / 10, etaSec: p.etaSec });
    };
    try {
      await handler(job.payload, { jobId: job.id, attempt: job.attempts, signal: abort.signal, progress });
      this.repo.complete(job.id);
      log.info('job done');
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (abort.signal.aborted) {
        this.repo.release(job.id);
        log.info('job interrupted by shutdown; queued again');
      } else if (job.attempts >= (this.options.maxAttempts ?? 4)) {
        this.repo.fail(job.id, message);
        log.error({ err: error }, 'job failed for good');
      } else {
        const delay = Math.min(3_600_000, (this.options.backoffMs ?? 10_000) * 2 ** (job.attempts - 1));
        this.repo.retryLater(job.id, message, new Date(Date.now() + delay));
        log.warn({ err: error, retryInMs: delay }, 'job failed; will retry');
      }
    }
    this.eta.delete(job.id);
    const final = this.repo.get(job.id);
    if (final) this.publish(final);
  }

  private publish(job: Job): void {
    this.emit('job', eventOf(job));
  }
}

const eventOf = (job: Job): JobEvent => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  percent: Math.round(job.progress * 1000) / 10,
  etaSec: null,
  attempts: job.attempts,
  error: job.error,
});
