import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, readMigrations, StorageError, type Migration } from '../../../../server/core/database.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-db-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").pluck().all() as string[]);

describe('openDatabase', () => {
  it('creates the whole data model on an empty database, with WAL and foreign keys', () => {
    const db = openDatabase(path.join(dir, 'nist.db'));
    const names = tables(db);
    for (const t of [
      'bodies', 'members', 'sessions', 'agenda_items', 'documents', 'decisions', 'votes', 'recordings',
      'renditions', 'captions', 'chapters', 'questions', 'accounts', 'account_roles', 'login_sessions',
      'invites', 'jobs', 'audit_log', 'search', 'schema_migrations',
    ]) {
      expect(names).toContain(t);
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare("INSERT INTO members (body_id, name) VALUES (999, 'x')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('reopens an existing database without re-applying migrations, keeping its rows', () => {
    const file = path.join(dir, 'nist.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO bodies (slug, name_hy, name_en, name_ru, kind) VALUES ('dilijan', 'Դ', 'D', 'Д', 'council')").run();
    first.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe(1);
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(readMigrations().length);
    again.close();
  });

  it('applies only the pending migration on an existing database', () => {
    const file = path.join(dir, 'nist.db');
    openDatabase(file).close();
    const extra: Migration = { version: 999, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY);' };
    const db = openDatabase(file, [...readMigrations(), extra]);
    expect(tables(db)).toContain('extra');
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(999);
    db.close();
  });

  it('rolls back every pending migration when one fails', () => {
    const file = path.join(dir, 'nist.db');
    const broken: Migration[] = [
      { version: 1, name: 'good', sql: 'CREATE TABLE a (id INTEGER);' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (id INTEGER); THIS IS NOT SQL;' },
    ];
    expect(() => openDatabase(file, broken)).toThrow(StorageError);
    const db = new Database(file);
    expect(tables(db)).not.toContain('a');
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer version', () => {
    const file = path.join(dir, 'nist.db');
    openDatabase(file, [{ version: 5, name: 'future', sql: 'SELECT 1;' }]).close();
    expect(() => openDatabase(file, [{ version: 1, name: 'old', sql: 'SELECT 1;' }])).toThrow(/newer Nist/);
  });

  it('stops with a clear message on a corrupt database file', () => {
    const file = path.join(dir, 'nist.db');
    fs.writeFileSync(file, 'this is not a database, just text '.repeat(200));
    expect(() => openDatabase(file)).toThrow(/corrupt or not a SQLite database.*backup/s);
  });

  it('stops with a clear message when the data folder cannot be created', () => {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, '');
    expect(() => openDatabase(path.join(blocker, 'sub', 'nist.db'))).toThrow(/cannot be created or written/);
  });
});
