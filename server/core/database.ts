import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A problem with the data folder or database file that start-up cannot get past; the message says what to do. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export type Migration = { version: number; name: string; sql: string };

export function readMigrations(dir = migrationsDir): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: fs.readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/**
 * Opens (creating if needed) the database at `file`, checks it is usable, and applies pending migrations,
 * all of them in one transaction: a failed migration leaves the database as it was.
 */
export function openDatabase(file: string, migrations = readMigrations()): Db {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (cause) {
    throw new StorageError(`The data folder ${dir} cannot be created or written; check its owner and permissions.`, {
      cause,
    });
  }

  let db: Db;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(String(check));
  } catch (cause) {
    throw new StorageError(
      `The database file ${file} is corrupt or not a SQLite database (${(cause as Error).message}). ` +
        'Restore it from a backup (npm run backup makes one) or move it away to start empty.',
      { cause },
    );
  }

  try {
    migrate(db, migrations);
  } catch (cause) {
    db.close();
    throw new StorageError(`Migrating the database ${file} failed: ${(cause as Error).message}`, { cause });
  }
  reuseStatements(db);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const pending = migrations.filter((m) => !applied.has(m.version));
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new Error(`it was written by a newer Nist (schema ${newest}, this version knows up to ${known})`);
  }
  if (pending.length === 0) return [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // A migration may rebuild a table (SQLite cannot change a CHECK in place); with foreign keys on, dropping the
  // old table would cascade into its children. Off while migrating (it cannot change inside a transaction),
  // and every reference is checked before the migrations commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`the migrations left ${broken.length} broken references`);
    })();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.version);
}

export function databaseState(db: Db): { ok: boolean; schemaVersion: number; walMode: boolean } {
  try {
    const schemaVersion = (db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number) ?? 0;
    const walMode = db.pragma('journal_mode', { simple: true }) === 'wal';
    return { ok: true, schemaVersion, walMode };
  } catch {
    return { ok: false, schemaVersion: 0, walMode: false };
  }
}

/** Statements kept per database; past this many distinct SQL texts the cache starts over. */
const statementCacheSize = 500;

/**
 * Makes `db.prepare` return the statement it prepared before for the same SQL text. Repositories write their
 * SQL where it is used; compiling it again on every call often cost more than running it (the questions bench's
 * server profile showed `prepare` as the largest JavaScript cost after socket writes). Safe because every SQL text here is always used in one mode (`pluck()`
 * or not) and no statement is iterated while another call could reuse it.
 */
function reuseStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      if (cache.size >= statementCacheSize) cache.clear();
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}
