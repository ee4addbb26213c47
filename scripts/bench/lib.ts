import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/core/config.js';

/** One measured figure; `target` is the goal in the same unit, `better` says which way is good. */
export type Figure = { label: string; value: number; unit: string; target?: number; better?: 'lower' | 'higher'; detail?: string };

/** A table printed under the figures (e.g. two systems side by side, step by step). */
export type Table = { title: string; header: string[]; rows: string[][] };

export type BenchResult = {
  name: string;
  /** When the bench started (this module was loaded) and when it wrote its result. */
  started: string;
  when: string;
  machine: string;
  /** 1, 5 and 15 minute load averages when the bench started: above 1 on this machine, the figures mislead. */
  loadAtStart: number[];
  /** Percent of the machine's CPU time the hypervisor gave to other guests during the bench; null off Linux. */
  stealPercent: number | null;
  figures: Figure[];
  notes: string[];
  tables?: Table[];
};

export const resultsDir = path.join(projectRoot, 'bench-results');

/** The machine's CPU time counters (/proc/stat, all CPUs): total and the part stolen by the hypervisor. */
function cpuTimes(): { total: number; steal: number } | null {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { total: fields.slice(0, 8).reduce((a, b) => a + b, 0), steal: fields[7] ?? 0 };
  } catch {
    return null;
  }
}
const atStart = cpuTimes();
const startedAt = new Date();
const loadAtStart = os.loadavg();

/** Writes bench-results/<name>.json (read by run.ts for the summary) and prints the figures. */
export function writeBenchResult(name: string, figures: Figure[], notes: string[] = [], tables: Table[] = []): BenchResult {
  // On a virtual machine the host may run other guests on "our" cores: time stolen that way slows every figure.
  const now = cpuTimes();
  const steal = atStart && now && now.total > atStart.total ? (100 * (now.steal - atStart.steal)) / (now.total - atStart.total) : null;
  const result: BenchResult = {
    name,
    started: startedAt.toISOString(),
    when: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    loadAtStart: loadAtStart.map((l) => Math.round(l * 100) / 100),
    stealPercent: steal === null ? null : Math.round(steal * 10) / 10,
    figures,
    notes,
    ...(tables.length ? { tables } : {}),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${name}: ${conditions(result)}\n`);
  for (const f of figures) {
    const target = f.target === undefined ? '' : ` (target ${f.better === 'higher' ? '>' : '<'} ${f.target} ${f.unit})`;
    process.stdout.write(`${name}: ${f.label}: ${round(f.value)} ${f.unit}${target}${f.detail ? ` — ${f.detail}` : ''}\n`);
  }
  for (const t of tables) process.stdout.write(`\n${name}: ${t.title}\n${markdownTable(t)}\n`);
  return result;
}

/** When and under what load a bench ran: its date, the load average at its start and the CPU steal it saw. */
export function conditions(r: BenchResult): string {
  const steal = r.stealPercent === null || r.stealPercent === undefined ? 'CPU steal not measurable here' : `CPU steal ${r.stealPercent.toFixed(1)} %`;
  const load = r.loadAtStart ? `load average at start ${r.loadAtStart.map((l) => l.toFixed(2)).join(' / ')}` : 'load average at start not recorded';
  return `${r.started ?? r.when} – ${r.when} on ${r.machine}; ${load}; ${steal}`;
}

export function markdownTable(t: Table): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(t.header), line(t.header.map(() => '---')), ...t.rows.map(line)].join('\n');
}

/** A speed as media time over wall-clock time, said so that it cannot be read backwards. */
export function speedVsRealTime(mediaSec: number, wallSec: number): { factor: number; text: string } {
  const factor = mediaSec / wallSec;
  const text = factor >= 1 ? `${round(factor)}× faster than real time` : `${round(1 / factor)}× slower than real time`;
  return { factor, text: `${text}: ${round(mediaSec)} s of media in ${round(wallSec)} s` };
}

export const round = (v: number) => (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 100) / 100);

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/**
 * CPU seconds a process has used so far, to the nanosecond: the sum of its threads' on-CPU time from
 * /proc/<pid>/task/<tid>/schedstat (the user + system ticks of /proc/<pid>/stat are 10 ms coarse, too coarse for
 * a process using well under 1 % of a core). Threads that already exited are not counted; 0 if it is gone.
 */
export function cpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return ns / 1e9;
  } catch {
    return 0;
  }
}

/**
 * Waits (at most `maxSec`, BENCH_QUIET_WAIT_SEC, default 180 s) for the 1-minute load average to fall under 1:
 * the previous bench or a build leaves it high for a minute or two, and every figure should start on a quiet machine.
 */
export function waitForQuiet(maxSec = Number(process.env.BENCH_QUIET_WAIT_SEC ?? 180)): void {
  const until = Date.now() + maxSec * 1000;
  while (os.loadavg()[0]! >= 1 && Date.now() < until) spawnSync('sleep', ['5']);
}
