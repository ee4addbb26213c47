import path from 'node:path';
import pino from 'pino';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { ChaptersService } from '../../server/civic/chapters.service.js';
import { loadConfig } from '../../server/core/config.js';
import { openDatabase } from '../../server/core/database.js';
import { createRepositories } from '../../server/core/repositories.js';
import { importPackage } from '../../server/open/archive-package-import.js';
import { createRecordingStore } from '../../server/recording/store.module.js';
import { createProgressBar } from './progress-bar.js';

/**
 * `npm run import -- --package <dir>`: an archive package from `npm run export` into this Nist. Says what it
 * imported and what it skipped (already here); a package that fails its checksums is refused, naming the file.
 */
export async function runPackageImport(dir: string): Promise<void> {
  const config = loadConfig();
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, base: { app: 'nist-import' } }, pino.destination(2));
  try {
    const repos = createRepositories(db);
    const store = createRecordingStore(config, { db, jobs: repos.jobs, log });
    const bar = createProgressBar(path.basename(dir).slice(0, 24).padEnd(24));
    const result = await importPackage(
      path.resolve(dir),
      { repos, catalog: new CatalogService(repos), chapters: new ChaptersService(repos, store), store, documentsDir: path.join(config.dataDir, 'documents'), log },
      (done, total) => bar.update(done / total),
    );
    bar.done(`Package checked: every file matches its checksum.`);
    const lines = [
      `Body ${result.organization.slug}: ${result.organization.created ? 'created' : 'already here'}; members: ${result.people.created} created, ${result.people.existing} already here.`,
      ...result.imported.map((s) => `Imported session ${s.sessionId}: ${s.title}`),
      ...result.skipped.map((s) => `Skipped (already here as session ${s.sessionId}): ${s.title}`),
      `${result.imported.length} session(s) imported, ${result.skipped.length} already here.`,
    ];
    process.stderr.write(`${lines.join('\n')}\n`);
    for (const s of result.imported) process.stdout.write(`${s.sessionId}\n`);
  } finally {
    db.close();
  }
}
