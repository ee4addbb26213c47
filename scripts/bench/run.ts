// npm run bench [-- <name filter>]: runs every scripts/bench/*.bench.ts in its own process, one after the
// other (they measure CPU and time on this machine), then writes bench-results/summary.md from the JSON
// each bench wrote to bench-results/<name>.json.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultsDir, round, type BenchResult } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => a !== '--')[0];
const benches = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    process.stdout.write(`!! ${file} failed (exit ${r.status})\n`);
  }
}

const results = fs.existsSync(resultsDir)
  ? fs
      .readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as BenchResult)
  : [];
const lines = ['# Benchmark results', ''];
for (const r of results) {
  lines.push(`## ${r.name}`, '', `${r.when} on ${r.machine}`, '', '| Measure | Value | Target | |', '|---|---|---|---|');
  for (const f of r.figures) {
    const target = f.target === undefined ? '' : `${f.better === 'higher' ? '>' : '<'} ${f.target} ${f.unit}`;
    const ok = f.target === undefined ? '' : (f.better === 'higher' ? f.value > f.target : f.value < f.target) ? 'met' : 'missed';
    lines.push(`| ${f.label}${f.detail ? ` (${f.detail})` : ''} | ${round(f.value)} ${f.unit} | ${target} | ${ok} |`);
  }
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  lines.push('');
}
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'summary.md'), `${lines.join('\n')}\n`);
process.stdout.write(`\nSummary written to ${path.relative(process.cwd(), path.join(resultsDir, 'summary.md'))}\n`);
process.exit(failed ? 1 : 0);
