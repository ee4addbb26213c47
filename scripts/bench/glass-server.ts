// A Nist server started from another checkout (its server code and its built web app), for before/after figures in
// one run: BENCH_BASELINE=<dir> names a tree of an older commit, made without touching this checkout, e.g.
//   git archive <commit> | tar -x -C /tmp/nist-baseline && ln -s "$PWD/node_modules" /tmp/nist-baseline/ \
//     && (cd /tmp/nist-baseline && npx vite build --config web/vite.config.ts)
// It runs with the same settings as tests/helpers/server.ts gives this checkout's server (the product's defaults,
// free ports, temporary data, one media worker), so the two differ only by their code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { startServer } from '../../tests/helpers/server.js';

export type BenchServer = { url: string; dataDir: string; rtmpPort: number | null; stop: () => Promise<unknown> };
export type Tree = { label: string; start: (env?: Record<string, string>) => Promise<BenchServer> };

/**
 * This checkout (unless BENCH_THIS=0), and each tree BENCH_BASELINE names (comma-separated): e.g. an older commit,
 * or that commit with only the web client's files of this one, to measure one change on the same server.
 */
export function treesFromEnv(): Tree[] {
  const trees: Tree[] = process.env.BENCH_THIS === '0' ? [] : [{ label: 'this', start: (env) => startServer({ env }) }];
  for (const baseline of (process.env.BENCH_BASELINE ?? '').split(',').filter(Boolean)) {
    const root = path.resolve(baseline);
    for (const need of ['server/main.ts', 'web/dist/index.html', 'node_modules']) {
      if (!fs.existsSync(path.join(root, need))) throw new Error(`BENCH_BASELINE: ${baseline} has no ${need} (see scripts/bench/glass-server.ts)`);
    }
    trees.push({ label: path.basename(root), start: (env) => startServerAt(root, env) });
  }
  if (!trees.length) throw new Error('BENCH_THIS=0 needs BENCH_BASELINE to name at least one tree');
  return trees;
}

async function startServerAt(root: string, extraEnv: Record<string, string> = {}): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
  const recordingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    RTC_PORT: '0',
    RTMP_PORT: '0',
    MEDIASOUP_WORKERS: '1',
    DATA_DIR: dataDir,
    RECORDINGS_DIR: recordingsDir,
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = await new Promise<{ port: number; rtmpPort: number | null }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baseline server did not start within 30 s:\n${stderr}`));
    }, 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number; rtmpPort?: number | null };
        if (entry.msg !== 'listening') return;
        clearTimeout(timer);
        resolve({ port: entry.port!, rtmpPort: entry.rtmpPort ?? null });
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`baseline server exited with ${code} before listening:\n${stderr}`));
    });
  });
  return {
    url: `http://127.0.0.1:${listening.port}`,
    dataDir,
    rtmpPort: listening.rtmpPort,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A scheduled public council session in the server's database (the server reads it per request). */
export function benchSession(server: Pick<BenchServer, 'dataDir'>): number {
  const db = new Database(path.join(server.dataDir, 'nist.db'));
  try {
    const bodyId = db.prepare('SELECT id FROM bodies WHERE slug = ?').pluck().get('ashtarak-council');
    const insert = db.prepare(
      `INSERT INTO sessions (body_id, kind, title, starts_at, location, status, visibility) VALUES (?, 'council', 'Bench session', ?, '', 'scheduled', 'public')`,
    );
    return Number(insert.run(bodyId, new Date(Date.now() + 3_600_000).toISOString()).lastInsertRowid);
  } finally {
    db.close();
  }
}
