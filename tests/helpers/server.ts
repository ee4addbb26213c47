import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../../server/core/config.js';

export type TestServer = {
  url: string;
  port: number;
  /** The RTMP ingest port the server picked (RTMP_PORT=0), null with RTMP_PORT=off. */
  rtmpPort: number | null;
  dataDir: string;
  recordingsDir: string;
  process: ChildProcess;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export type StartOptions = {
  /**
   * Settings this test needs that differ from the product's defaults. Write a one-line comment next to each
   * saying why: the helper's own defaults are the product's (see `productDefaultsExcept`), so that what the
   * tests run is what `npm start` runs.
   */
  env?: Record<string, string>;
  /** Reuse a data folder (to test restarts); a fresh temporary one otherwise. */
  dataDir?: string;
  timeoutMs?: number;
  /** Extra node flags for the server process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
  /** Start it with `npm start`, the README's command (setup check included), in a process group of its own. */
  npmStart?: boolean;
  /** Leave MEDIASOUP_WORKERS at the product's default, one worker per core, instead of the helper's 1. */
  workersPerCore?: boolean;
};

/**
 * The environment a test server gets: the product's defaults, except
 * - PORT=0, RTC_PORT=0 and RTMP_PORT=0: free ports, so test servers can run side by side (the issue allows this;
 *   RTMP's default 1935 would let only one test server start at a time);
 * - DATA_DIR and RECORDINGS_DIR: temporary folders;
 * - MEDIASOUP_WORKERS=1: the default is one worker per core, so on a 64-core CI machine every test server would
 *   start 64 worker processes, and tests of "the worker" (live-broadcast.test.ts kills it) would test something
 *   else on each machine. (On the 2-core reference machine one or two workers start equally fast, about 1.9 s.)
 *   Tests of several workers set it (api.test.ts, signaling.test.ts); `workersPerCore` keeps the default, as
 *   tests/e2e/live-defaults.test.ts does.
 * Nothing else is pinned: HOST, RTC_LISTEN_IP, ANNOUNCED_ADDRESS, DEMO_CONTENT, FFMPEG_PATH, LOG_LEVEL are the product's.
 */
function productDefaultsExcept(dirs: { dataDir: string; recordingsDir: string }, options: StartOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    RTC_PORT: '0',
    RTMP_PORT: '0',
    ...(options.workersPerCore ? {} : { MEDIASOUP_WORKERS: '1' }),
    DATA_DIR: dirs.dataDir,
    RECORDINGS_DIR: dirs.recordingsDir,
    ...options.env,
  };
}

/** Starts the real server (node server/main.ts) on a free port with temporary data; resolves when it listens. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
  const recordingsDir = options.env?.RECORDINGS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
  const env = productDefaultsExcept({ dataDir, recordingsDir }, options);
  const child = options.npmStart
    ? spawn('npm', ['start', '--silent'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
        cwd: projectRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  // Under npm the server is a grandchild: signal it as a service manager would (a signal to the whole group
  // would reach the mediasoup workers too, and npm's own forwarding a second time), and kill the group to clean up.
  const signal = (name: NodeJS.Signals) => {
    if (!options.npmStart) return void child.kill(name);
    const server = name === 'SIGKILL' ? undefined : serverPidInGroup(child.pid!);
    if (server) process.kill(server, name);
    else process.kill(-child.pid!, 'SIGKILL');
  };
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // npm start may first build the web app (scripts/setup.sh) when web/ changed.
  const timeoutMs = options.timeoutMs ?? (options.npmStart ? 180_000 : 30_000);
  let rtmpPort: number | null = null;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') {
          clearTimeout(timer);
          rtmpPort = (entry.rtmpPort as number | null | undefined) ?? null;
          resolve(entry.port as number);
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${stderr}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    rtmpPort,
    dataDir,
    recordingsDir,
    process: child,
    logs,
    stderr: () => stderr,
    stop: async (sig = 'SIGTERM') => {
      if (child.exitCode === null) signal(sig);
      return exited;
    },
  };
}

/** The pid of `node … server/main.ts` in process group `pgid`, if it runs. */
function serverPidInGroup(pgid: number): number | undefined {
  try {
    // `-a` gives the command lines: npm's `sh -c "… && node … server/main.ts"` names the file too.
    const out = execFileSync('pgrep', ['-a', '-g', String(pgid), '-f', 'server/main\\.ts'], { encoding: 'utf8' });
    const line = out.split('\n').find((l) => /^\d+ \S*node /.test(l));
    return line ? Number(line.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the server expecting it to fail at start-up; resolves with its exit code and stderr. */
export async function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', RTC_PORT: '0', RTMP_PORT: '0', MEDIASOUP_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stderr };
}
