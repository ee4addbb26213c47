import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { runScript } from '../helpers/cli.js';
import { countRows } from '../helpers/db.js';
import { startServer } from '../helpers/server.js';

describe('npm run create-admin', () => {
  it('creates an administrator from a piped password, who can then log in and administer', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-admin-'));
    const env = { DATA_DIR: dataDir, DEMO_CONTENT: 'false' };
    const result = await runScript('create-admin', ['--', 'anahit'], { env, stdin: 'a-very-secret-pass\n' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created administrator "anahit"');
    expect(result.stdout).not.toContain('a-very-secret-pass');

    // A real install: no demo accounts next to the administrator just created.
    const server = await startServer({ dataDir, env: { DEMO_CONTENT: 'false' } });
    try {
      const anahit = await login(server, 'anahit', 'a-very-secret-pass');
      expect(anahit.account.roles).toEqual([{ role: 'admin', bodyId: null }]);
      expect((await call(server.url, anahit, 'GET', '/api/admin/accounts')).body.items).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it.each([
    ['a short password', ['anahit'], 'short\n', /at least 10 characters/],
    ['an invalid username', ['<b>'], 'a-very-secret-pass\n', /Invalid username/],
    ['no username', [], '', /Usage: npm run create-admin -- <username>/],
  ])('refuses %s and creates nothing', async (_name, args, stdin, message) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-admin-'));
    const result = await runScript('create-admin', args, { env: { DATA_DIR: dataDir }, stdin });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    if (fs.existsSync(path.join(dataDir, 'nist.db'))) expect(countRows(dataDir, 'accounts')).toBe(0);
  });

  it('refuses a taken username', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-admin-'));
    const env = { DATA_DIR: dataDir };
    expect((await runScript('create-admin', ['anahit'], { env, stdin: 'a-very-secret-pass\n' })).code).toBe(0);
    const again = await runScript('create-admin', ['Anahit'], { env, stdin: 'another-secret-pass\n' });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is taken');
    expect(countRows(dataDir, 'accounts')).toBe(1);
  });
});
