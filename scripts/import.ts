// npm run import -- <video> --body <slug> --title <text> --date <YYYY-MM-DD> [--agenda <file.json>]
// npm run import -- --bulk <folder> [--manifest <file.csv>]
// npm run import -- --package <dir>   an archive package from `npm run export` (scripts/lib/import-package.ts)
// npm run import -- --attach <sessionId> --interpretation <lang> <file> | --sign <file>   (scripts/lib/attach-track.ts)
// Turns a video file (MP4, MKV, MOV, WebM) into an archived session with the ABR ladder. Progress goes to
// stderr; the new session id is the last line on stdout. A bad input stops with a message and creates nothing.
// Bulk mode reads a CSV manifest (columns: file,body,title,date[,agenda]; paths relative to the folder) and
// skips files already imported (same SHA-256).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { describeIssues } from '../server/core/common.contract.js';
import { importRequestSchema, type ImportRequest } from '../server/recording/import.contract.js';
import { ConfigError, loadConfig } from '../server/core/config.js';
import { ArchiveImportService } from '../server/recording/archive-import.service.js';
import { CatalogService } from '../server/civic/catalog.service.js';
import { ChaptersService } from '../server/civic/chapters.service.js';
import { createRecordingStore } from '../server/recording/store.module.js';
import { DomainError } from '../server/core/errors.js';
import { openDatabase } from '../server/core/database.js';
import { createRepositories } from '../server/core/repositories.js';
import { parseCsv } from './lib/csv.js';
import { runPackageImport } from './lib/import-package.js';
import { BagError } from '../server/open/bagit.js';
import { createProgressBar } from './lib/progress-bar.js';
import { attachUsage, runAttach } from './lib/attach-track.js';

const usage =
  'Usage: npm run import -- <video> --body <slug> --title <text> --date <YYYY-MM-DD> [--agenda <file.json>]\n' +
  '       npm run import -- --bulk <folder> [--manifest <file.csv>]\n' +
  '       npm run import -- --package <dir>\n' +
  attachUsage;

function readArgs() {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      body: { type: 'string' },
      title: { type: 'string' },
      date: { type: 'string' },
      agenda: { type: 'string' },
      bulk: { type: 'string' },
      manifest: { type: 'string' },
      package: { type: 'string' },
      attach: { type: 'string' },
      interpretation: { type: 'string' },
      sign: { type: 'boolean' },
    },
  });
  return { values, positionals };
}

function validate(raw: Record<string, unknown>, where = ''): ImportRequest {
  const parsed = importRequestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (where) throw new Error(`${where}${describeIssues(parsed.error)}`);
  const problems = parsed.error.issues.slice(0, 5).map((i) => {
    const key = String(i.path[0] ?? '');
    const value = raw[key];
    const name = key === 'file' ? '<video>' : `--${key}`;
    return value === undefined ? `${name}: ${i.message}` : `${name} ${JSON.stringify(value)}: ${i.message}`;
  });
  throw new Error(`${problems.join('; ')}\n${usage}`);
}

async function importOne(service: ArchiveImportService, request: ImportRequest): Promise<number> {
  const agenda = request.agenda ? ArchiveImportService.readAgendaFile(request.agenda) : [];
  const bar = createProgressBar(path.basename(request.file).slice(0, 24).padEnd(24));
  const result = await service.importFile(
    { file: request.file, bodySlug: request.body, title: request.title, date: request.date, agenda },
    (p) => bar.update(p.percent, p.etaSec),
  );
  bar.done(`Imported ${request.file} as session ${result.sessionId} (${result.durationSec.toFixed(1)} s).`);
  return result.sessionId;
}

async function importBulk(service: ArchiveImportService, folder: string, manifest: string): Promise<number | null> {
  const rows = parseCsv(fs.readFileSync(manifest, 'utf8'));
  const requests = rows.map((row, i) =>
    validate(
      {
        ...row,
        file: row.file ? path.resolve(folder, row.file) : row.file,
        agenda: row.agenda ? path.resolve(folder, row.agenda) : undefined,
      },
      `${path.basename(manifest)} row ${i + 2}: `,
    ),
  );
  let last: number | null = null;
  let imported = 0;
  let skipped = 0;
  for (const request of requests) {
    try {
      last = await importOne(service, request);
      imported += 1;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'conflict') {
        process.stderr.write(`Skipped: ${error.message}\n`);
        skipped += 1;
        continue;
      }
      throw error;
    }
  }
  process.stderr.write(`Bulk import done: ${imported} imported, ${skipped} already there.\n`);
  return last;
}

async function main(): Promise<void> {
  const { values, positionals } = readArgs();
  if (values.package) return runPackageImport(values.package);
  if (values.attach !== undefined) return runAttach({ ...values, attach: values.attach }, positionals);
  const config = loadConfig();
  let request: ImportRequest | null = null;
  if (!values.bulk) {
    if (positionals.length !== 1) throw new Error(usage);
    request = validate({ file: positionals[0], body: values.body, title: values.title, date: values.date, agenda: values.agenda });
  } else if (!fs.existsSync(values.bulk) || !fs.statSync(values.bulk).isDirectory()) {
    throw new Error(`${values.bulk} is not a folder.`);
  }
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, base: { app: 'nist-import' } }, pino.destination(2));
  try {
    const repos = createRepositories(db);
    const store = createRecordingStore(config, { db, jobs: repos.jobs, log });
    const chapters = new ChaptersService(repos, store);
    const service = new ArchiveImportService(repos, new CatalogService(repos), chapters, store, log, {
      ffmpegPath: config.ffmpegPath,
      ffprobePath: config.ffprobePath,
    });
    const id = request
      ? await importOne(service, request)
      : await importBulk(service, values.bulk!, values.manifest ?? path.join(values.bulk!, 'manifest.csv'));
    if (id !== null) process.stdout.write(`${id}\n`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof DomainError || error instanceof BagError ? error.message : (error as Error).message;
  process.stderr.write(`import: ${message}\n`);
  process.exit(1);
});
