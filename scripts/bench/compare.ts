// npm run bench:compare -- --against <checkout> [--rounds N] <bench> …   this checkout against another, side by side
// Runs each named bench in this checkout and in the other one (an older commit, e.g. `git worktree add ../baseline
// <commit>`, with node_modules linked and its web app built), alternating A B A B … so both see the same machine,
// then writes bench-results/compare.md: every figure of both, the median over the rounds, and the ratio this/other.
// A ratio inside 0.9–1.1 is run-to-run noise on this machine; the README quotes these tables for structural changes
// that must not change speed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { markdownTable, median, resultsDir, round, waitForQuiet, type BenchResult } from './lib.js';
import { projectRoot } from '../../server/core/config.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const against = flag('--against');
const rounds = Number(flag('--rounds') ?? 1);
const names = args.filter((a) => !a.startsWith('-'));
if (!against || !names.length || !Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('usage: npm run bench:compare -- --against <checkout> [--rounds N] <bench> …\n');
  process.exit(2);
}
const other = path.resolve(against);
const trees = [
  { label: 'this', root: projectRoot },
  { label: path.basename(other), root: other },
];
for (const t of trees) {
  for (const n of names) {
    if (!fs.existsSync(path.join(t.root, 'scripts/bench', `${n}.bench.ts`))) {
      process.stderr.write(`${t.root} has no scripts/bench/${n}.bench.ts\n`);
      process.exit(2);
    }
  }
}

/** Runs one bench in one checkout and returns the results it wrote (a bench may write more than one file). */
function runOnce(root: string, name: string): BenchResult[] {
  waitForQuiet();
  const started = new Date().toISOString();
  const load = os.loadavg()[0]!.toFixed(2);
  process.stdout.write(`\n== ${name} in ${root} (load ${load})\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench', `${name}.bench.ts`)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${name} failed in ${root} (exit ${r.status})`);
  const dir = path.join(root, 'bench-results');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as BenchResult)
    .filter((res) => res.when >= started);
}

const lines = ['# This checkout against another', '', `Written ${new Date().toISOString()} by \`npm run bench:compare\`; other checkout: ${other}; ${rounds} round(s), alternating.`, ''];
for (const name of names) {
  const values = new Map<string, { unit: string; byTree: number[][] }>();
  const loads: string[] = [];
  for (let i = 0; i < rounds; i++) {
    trees.forEach((t, ti) => {
      let results: BenchResult[] = [];
      try {
        results = runOnce(t.root, name);
      } catch (error) {
        // One failed run is reported in the table and the comparison goes on with the next bench.
        loads.push(`${t.label}: FAILED (${(error as Error).message})`);
      }
      for (const res of results) {
        loads.push(`${t.label}: ${res.loadAtStart.join('/')}, steal ${res.stealPercent ?? '?'} %`);
        for (const f of res.figures) {
          const key = `${res.name}: ${f.label}`;
          const v = values.get(key) ?? { unit: f.unit, byTree: [[], []] };
          v.byTree[ti]!.push(f.value);
          values.set(key, v);
        }
      }
    });
  }
  const rows = [...values].map(([label, v]) => {
    const [a, b] = v.byTree.map((xs) => median(xs));
    const ratio = a !== undefined && b !== undefined && b !== 0 && Number.isFinite(a) && Number.isFinite(b) ? round(a / b).toString() : '—';
    return [label, `${round(a!)} ${v.unit}`, `${round(b!)} ${v.unit}`, ratio];
  });
  lines.push(`## ${name}`, '', markdownTable({ title: name, header: ['Figure', 'this', trees[1]!.label, 'ratio'], rows }), '', `Load at each start: ${loads.join('; ')}`, '');
}
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'compare.md'), `${lines.join('\n')}\n`);
process.stdout.write(`\n${lines.join('\n')}\n`);
