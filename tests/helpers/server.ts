import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { projectRoot } from '../../server/config.js';

export type TestServer = {
  url: string;
  port: number;
  dataDir: string;
  recordingsDir: string;
  process: ChildProcess;
  /** Every JSON log line the server printed so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export type StartOptions = {
  env?: Record<string, string>;
  /** Reuse a data folder (to test restarts); a fresh temporary one otherwise. */
  dataDir?: string;
  timeoutMs?: number;
  /** Extra node flags for the server process (e.g. --cpu-prof, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
};

/** Starts the real server (node server/main.ts) on a free port with temporary data; resolves when it listens. */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nist-data-'));
  const recordingsDir = options.env?.RECORDINGS_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nist-rec-'));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      RECORDINGS_DIR: recordingsDir,
      RTC_LISTEN_IP: '127.0.0.1',
      RTC_PORT: '0',
      MEDIASOUP_WORKERS: '1',
      LOG_LEVEL: 'info',
      DEMO_CONTENT: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${options.timeoutMs ?? 30_000} ms:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') {
          clearTimeout(timer);
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
    dataDir,
    recordingsDir,
    process: child,
    logs,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to fail at start-up; resolves with its exit code and stderr. */
export async function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'server/main.ts')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', HOST: '127.0.0.1', RTC_PORT: '0', MEDIASOUP_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stderr };
}
