import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../server/config.js';

/** One measured figure; `target` is the goal in the same unit, `better` says which way is good. */
export type Figure = { label: string; value: number; unit: string; target?: number; better?: 'lower' | 'higher'; detail?: string };

export type BenchResult = { name: string; when: string; machine: string; figures: Figure[]; notes: string[] };

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

/** Writes bench-results/<name>.json (read by run.ts for the summary) and prints the figures. */
export function writeBenchResult(name: string, figures: Figure[], notes: string[] = []): BenchResult {
  // On a virtual machine the host may run other guests on "our" cores: time stolen that way slows every figure.
  const now = cpuTimes();
  const steal = atStart && now && now.total > atStart.total ? (100 * (now.steal - atStart.steal)) / (now.total - atStart.total) : null;
  const result: BenchResult = {
    name,
    when: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    figures,
    notes: steal === null ? notes : [...notes, `CPU time stolen by the hypervisor during this bench: ${steal.toFixed(1)} % (other guests on the host).`],
  };
  if (steal !== null) process.stdout.write(`${name}: CPU steal during the bench ${steal.toFixed(1)} %\n`);
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  for (const f of figures) {
    const target = f.target === undefined ? '' : ` (target ${f.better === 'higher' ? '>' : '<'} ${f.target} ${f.unit})`;
    process.stdout.write(`${name}: ${f.label}: ${round(f.value)} ${f.unit}${target}${f.detail ? ` — ${f.detail}` : ''}\n`);
  }
  return result;
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
