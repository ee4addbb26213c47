// npm run backup [-- <target file>]: a consistent copy of the SQLite database, safe while Nist runs.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../server/core/config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const source = path.join(config.dataDir, 'nist.db');
  if (!fs.existsSync(source)) throw new Error(`There is no database at ${source} yet; start Nist once first.`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const target = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'backups', `nist-${stamp}.db`));
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose another name.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const db = new Database(source, { readonly: true, fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    // SQLite's online backup API copies a consistent snapshot even while the server writes.
    await db.backup(partial);
  } finally {
    db.close();
  }
  const copy = new Database(partial, { readonly: true });
  const check = copy.pragma('integrity_check', { simple: true });
  copy.close();
  if (check !== 'ok') {
    fs.rmSync(partial, { force: true });
    throw new Error(`The backup copy failed its integrity check (${String(check)}).`);
  }
  fs.renameSync(partial, target);
  const mb = (fs.statSync(target).size / 1e6).toFixed(1);
  process.stdout.write(`Backed up the database (${mb} MB) to ${target}\n`);
  process.stdout.write(`Recordings are plain files: copy ${config.recordingsDir} too (for example with rsync -a).\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `Backup failed: ${(error as Error).message}`}\n`);
  process.exit(1);
});
