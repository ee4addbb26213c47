// npm run export -- --body <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out <dir>
// Writes an archive package (BagIt, RFC 8493) of one body's sessions: records, recordings, captions, documents
// and their open-data JSON. `npm run import -- --package <dir>` brings it into another Nist. Progress goes to
// stderr; the package's folder is the last line on stdout. Nothing is left behind when it fails.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { describeIssues } from '../server/core/common.contract.js';
import { ConfigError, loadConfig } from '../server/core/config.js';
import { openDatabase } from '../server/core/database.js';
import { JobsRepository } from '../server/jobs/jobs.repository.js';
import { exportBody } from '../server/open/archive-export.js';
import { BagError } from '../server/open/bagit.js';
import { createRecordingStore } from '../server/recording/store.module.js';
import { createProgressBar } from './lib/progress-bar.js';

const usage = 'Usage: npm run export -- --body <slug> [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out <dir>';
const argsSchema = z
  .object({
    body: z.string({ message: 'required' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'expected a body slug' }),
    from: z.iso.date({ message: 'expected YYYY-MM-DD' }).optional(),
    to: z.iso.date({ message: 'expected YYYY-MM-DD' }).optional(),
    out: z.string({ message: 'required' }).min(1),
  })
  .refine((a) => !a.from || !a.to || a.from <= a.to, { message: '--from is after --to', path: ['from'] });

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { body: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`${describeIssues(parsed.error).replace(/(^|; )(\w+):/g, '$1--$2:')}\n${usage}`);
  const args = parsed.data;
  const config = loadConfig();
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, base: { app: 'nist-export' } }, pino.destination(2));
  try {
    const store = createRecordingStore(config, { db, jobs: new JobsRepository(db), log });
    const bar = createProgressBar('export'.padEnd(24));
    const out = path.resolve(args.out);
    const result = await exportBody(
      db,
      { store, documentsDir: path.join(config.dataDir, 'documents') },
      { bodySlug: args.body, from: args.from, to: args.to, out, site: (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '') },
      (done, total) => bar.update(done / total),
    );
    bar.done(`Exported ${result.sessions} session(s), ${result.files} files, ${(result.bytes / 1e6).toFixed(1)} MB.`);
    process.stdout.write(`${result.out}\n`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof BagError ? error.message : (error as Error).message;
  process.stderr.write(`export: ${message}\n`);
  process.exit(1);
});
