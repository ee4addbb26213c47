import path from 'node:path';
import Database from 'better-sqlite3';

/** Reads the running test server's SQLite file (read-only) to check what was or was not written. */
export function queryServerDb<T = unknown>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'nist.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function countRows(dataDir: string, table: string): number {
  return (queryServerDb<{ n: number }>(dataDir, `SELECT count(*) AS n FROM ${table}`)[0]!).n;
}
