import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { countRows } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';

describe('npm run backup', () => {
  it('makes a consistent, complete copy of the database while the server runs', async () => {
    const server = await startServer();
    try {
      const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-backup-')), 'copy.db');
      const result = await runScript('backup', [target], { env: { DATA_DIR: server.dataDir } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Backed up the database`);
      const copy = new Database(target, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      for (const table of ['sessions', 'agenda_items', 'accounts', 'schema_migrations']) {
        expect(copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(countRows(server.dataDir, table));
      }
      copy.close();
      // It never overwrites an existing file.
      const again = await runScript('backup', [target], { env: { DATA_DIR: server.dataDir } });
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('exists already');
    } finally {
      await server.stop();
    }
  });

  it('says so when there is no database yet', async () => {
    const result = await runScript('backup', [], { env: { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-empty-')) } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('start Nist once first');
  });
});
