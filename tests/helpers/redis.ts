import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { freePortRange } from './ports.js';

export type TestRedis = {
  url: string;
  port: number;
  /** Stops it (SIGKILL: as a crash) and starts a fresh one on the same port: every key is gone, as after a restart without persistence. */
  restart: (signal?: NodeJS.Signals) => Promise<void>;
  /** Stops it without starting it again. */
  stopOnly: (signal?: NodeJS.Signals) => Promise<void>;
  /** Starts it again after stopOnly. */
  startAgain: () => Promise<void>;
  stop: () => Promise<void>;
};

/**
 * A throwaway Debian redis-server on a free loopback port, as the product's Redis would be (no persistence,
 * as `--save '' --appendonly no`: a restart forgets every key, the hardest case for the nodes).
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePortRange(1);
  let child = await launch(port);
  const stopChild = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async (signal = 'SIGKILL') => {
      await stopChild(signal);
      child = await launch(port);
    },
    stopOnly: (signal = 'SIGKILL') => stopChild(signal),
    startAgain: async () => {
      child = await launch(port);
    },
    stop: () => stopChild('SIGTERM'),
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}:\n${output}`)), 10_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      if (line.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
  return child;
}
