import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runServerExpectingExit, startServer } from '../helpers/server.js';

describe('server start-up and shutdown', () => {
  it('exits with code 1 and names the variable when the config is bad', async () => {
    const { code, stderr } = await runServerExpectingExit({ MEDIASOUP_WORKERS: 'many' });
    expect(code).toBe(1);
    expect(stderr).toContain('MEDIASOUP_WORKERS="many"');
    expect(stderr).toContain('expected a number of workers');
  });

  it('stops with a clear message when the database file is corrupt', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-corrupt-'));
    fs.writeFileSync(path.join(dataDir, 'nist.db'), 'garbage '.repeat(1000));
    const { code, stderr } = await runServerExpectingExit({ DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/corrupt or not a SQLite database/);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('stops with a clear message when the data folder is not writable', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-ro-'));
    const blocker = path.join(parent, 'a-file');
    fs.writeFileSync(blocker, '');
    const { code, stderr } = await runServerExpectingExit({ DATA_DIR: path.join(blocker, 'data') });
    expect(code).toBe(1);
    expect(stderr).toContain('cannot be created or written');
  });

  it('shuts down gracefully on SIGTERM and SIGINT, and keeps data across restarts', async () => {
    const first = await startServer();
    const before = (await (await fetch(`${first.url}/api/sessions`)).json()) as { total: number };
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.logs.map((l) => l.msg)).toContain('stopped');

    const second = await startServer({ dataDir: first.dataDir });
    const after = (await (await fetch(`${second.url}/api/sessions`)).json()) as { total: number };
    expect(after.total).toBe(before.total); // demo content is seeded once, not again
    expect(await second.stop('SIGINT')).toBe(0);
  });
});
