import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Every process below `pid` (a server's ffmpeg and mediasoup worker, the broadcast CLI's ffmpeg), read before it is killed. */
export function descendants(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = out.split('\n').filter(Boolean).map(Number);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** SIGKILL a process and everything it started, as a crash or a power cut does. */
export function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Whether `pid` runs (a zombie does not). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}
