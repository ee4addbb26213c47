import path from 'node:path';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { ChaptersService } from '../../server/civic/chapters.service.js';
import { importPackage } from '../../server/open/archive-package-import.js';
import { createProgressBar } from './progress-bar.js';
import { withImportContext } from './import-context.js';

/**
 * `npm run import -- --package <dir>`: an archive package from `npm run export` into this Nist. Says what it
 * imported and what it skipped (already here); a package that fails its checksums is refused, naming the file.
 */
export async function runPackageImport(dir: string): Promise<void> {
  await withImportContext(async ({ config, repos, store, log }) => {
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
  });
}
