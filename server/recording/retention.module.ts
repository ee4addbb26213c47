import { AuditLog } from '../accounts/audit-log.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { RecordingStore } from './recording-store.js';
import { RetentionRepository } from './retention.repository.js';
import { retentionRouter } from './retention.routes.js';
import { RetentionService } from './retention.service.js';

/** How often the sweep runs; a rule counts in days, so an hour late is soon enough. */
const sweepEveryMs = 60 * 60_000;

/** Retention's part of the composition root: the service, its routes, and the hourly sweep (also once at start). */
export function createRetention(deps: { repos: Repositories; store: RecordingStore; log: Logger }) {
  const log = deps.log.child({ component: 'retention' });
  const service = new RetentionService(deps.repos, new RetentionRepository(deps.repos.db), deps.store, new AuditLog(deps.repos.audit), log);
  let timer: NodeJS.Timeout | null = null;
  const sweep = () =>
    void service.sweep().catch((error: unknown) => log.error({ err: (error as Error).message }, 'retention sweep failed'));
  return {
    router: retentionRouter(service),
    start(): void {
      sweep();
      timer = setInterval(sweep, sweepEveryMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      await service.idle();
    },
  };
}
