import type { JobView } from '@server/jobs/jobs.contract';
import type { NamespaceSocket } from '../../../lib/socket';

type JobsSocket = NamespaceSocket<'/jobs'>;

/** Recent background jobs, kept current over the socket (`jobs:subscribe`, then `job:updated`). */
export class JobFeed {
  #jobs = $state.raw<JobView[]>([]);
  #connected = $state(false);
  #error = $state<string | null>(null);
  #loaded = $state(false);
  #socket: JobsSocket | null = null;

  get jobs(): JobView[] {
    return this.#jobs;
  }
  get connected(): boolean {
    return this.#connected;
  }
  get error(): string | null {
    return this.#error;
  }
  get loaded(): boolean {
    return this.#loaded;
  }

  async start(): Promise<void> {
    const { socketFor } = await import('../../../lib/socket');
    const socket: JobsSocket = socketFor('/jobs');
    this.#socket = socket;
    // (Re)subscribe on every connection: a reconnect starts from the current list.
    socket.on('connect', () => {
      this.#connected = true;
      socket.emit('jobs:subscribe', {}, (reply) => {
        this.#loaded = true;
        if (reply.ok) {
          this.#jobs = reply.data.items;
          this.#error = null;
        } else {
          this.#error = reply.error.message;
        }
      });
    });
    socket.on('disconnect', () => (this.#connected = false));
    socket.on('job:updated', (job) => this.#update(job));
  }

  stop(): void {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  #update(job: JobView): void {
    const others = this.#jobs.filter((j) => j.id !== job.id);
    this.#jobs = [job, ...others].sort((a, b) => b.id - a.id).slice(0, 50);
  }
}
