import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../server/core/config.js';
import { demoPassword, type ServerRef } from './auth.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` every 100 ms until it returns something truthy; throws naming `what` after the timeout. */
export async function waitFor<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** As waitFor, for an async check (every 200 ms; a check that throws counts as not yet). */
export async function waitForAsync<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export type Broadcast = ChildProcess & {
  /** The last few kilobytes the CLI printed (stdout and stderr), to say why a test's feed did not go on air. */
  output: () => string;
};

/** Puts a file on air with `npm run broadcast` as the demo operator, looping; kill it with SIGINT to end. */
export function broadcastFile(server: ServerRef, sessionId: number, file: string): Broadcast {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(projectRoot, 'scripts/broadcast.ts'), '--session', String(sessionId), '--source', file, '--loop'],
    {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NIST_URL: server.url, NIST_PASSWORD: demoPassword(server, 'operator') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  const keep = (chunk: Buffer) => (printed = (printed + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return Object.assign(child, { output: () => printed });
}

/** What a test server said lately at warn level or above, for a failure message. */
export function recentTrouble(logs: Record<string, unknown>[], lines = 15): string {
  return logs
    .filter((l) => typeof l.level === 'number' && l.level >= 40)
    .slice(-lines)
    .map((l) => JSON.stringify(l))
    .join('\n');
}
