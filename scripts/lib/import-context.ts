import path from 'node:path';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from '../../server/core/config.js';
import { openDatabase } from '../../server/core/database.js';
import { createRepositories, type Repositories } from '../../server/core/repositories.js';
import type { RecordingStore } from '../../server/recording/recording-store.js';
import { createRecordingStore } from '../../server/recording/store.module.js';

export type ImportContext = { config: Config; repos: Repositories; store: RecordingStore; log: Logger };

/** The import CLI's database, recording store and quiet logger (to stderr) for `fn`; the database is closed after. */
export async function withImportContext<T>(fn: (ctx: ImportContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, base: { app: 'nist-import' } }, pino.destination(2));
  try {
    const repos = createRepositories(db);
    return await fn({ config, repos, store: createRecordingStore(config, { db, jobs: repos.jobs, log }), log });
  } finally {
    db.close();
  }
}
