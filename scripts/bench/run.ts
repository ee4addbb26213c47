// npm run bench                 every bench, one after the other, in the order below; then bench-results/summary.md
// npm run bench -- <name> …     only the benches whose file name contains one of the names (e.g. fanout ladder)
// npm run bench -- --list       the benches in the order they run, and what each measures
// Each bench runs in its own process and alone (they measure CPU and time on this machine); each writes
// bench-results/<name>.json, and the summary is built from those files, each with its date, the load average
// at its start and the CPU steal it saw. Before each bench the runner waits (up to BENCH_QUIET_WAIT_SEC, 180 s)
// for the 1-minute load average to fall under 1. Start on a quiet machine: a load average above 1 makes every figure
// slower than the code is.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { conditions, markdownTable, resultsDir, round, waitForQuiet, type BenchResult } from './lib.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Short and light first, so a broken setup shows in seconds; the longest last (the soak runs 30 minutes by
 * default). Page weight needs the built web app (npm run build:web or npm run setup).
 */
const order = ['page-weight', 'search', 'ladder', 'recording', 'ingest', 'whip-layers', 'nginx-cache', 'latency', 'late-joiner', 'fallback', 'questions', 'live-captions', 'edges', 'fanout', 'soak'];

const files = fs.readdirSync(here).filter((f) => f.endsWith('.bench.ts'));
const rank = (f: string) => {
  const i = order.indexOf(f.replace(/\.bench\.ts$/, ''));
  return i < 0 ? order.length : i; // a bench not in the list yet still runs, after the others
};
const all = files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.includes('--list')) {
  for (const file of all) process.stdout.write(`${file.replace(/\.bench\.ts$/, '').padEnd(12)} ${firstComment(path.join(here, file))}\n`);
  process.exit(0);
}
const names = args.filter((a) => !a.startsWith('-'));
const benches = all.filter((f) => !names.length || names.some((n) => f.includes(n)));
if (!benches.length) {
  process.stderr.write(`No bench matches ${names.join(', ')}; npm run bench -- --list shows them.\n`);
  process.exit(1);
}

const runStarted = new Date().toISOString();
const failed: string[] = [];
for (const file of benches) {
  waitForQuiet();
  const load = os.loadavg();
  process.stdout.write(`\n== ${file}  ${new Date().toISOString()}, load average ${load.map((l) => l.toFixed(2)).join(' / ')} on ${os.availableParallelism()} cores\n`);
  if (load[0]! >= 1) process.stdout.write('   (the machine is busy: figures from this run will be slower than the code is)\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed.push(file);
    process.stdout.write(`!! ${file} failed (exit ${r.status})\n`);
  }
}

const results = fs.existsSync(resultsDir)
  ? fs
      .readdirSync(resultsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as BenchResult)
      .sort((a, b) => rank(fileOf(a.name)) - rank(fileOf(b.name)) || a.name.localeCompare(b.name))
  : [];
const lines = ['# Benchmark results', '', `Written ${new Date().toISOString()} by \`npm run bench${names.length ? ` -- ${names.join(' ')}` : ''}\`.`, ''];
if (failed.length) lines.push(`Failed in this run: ${failed.join(', ')} (their results below, if any, are older).`, '');
for (const r of results) {
  const fresh = r.when >= runStarted;
  lines.push(`## ${r.name}${fresh ? '' : ' (from an earlier run)'}`, '', conditions(r), '', '| Measure | Value | Target | |', '|---|---|---|---|');
  for (const f of r.figures) {
    const target = f.target === undefined ? '' : `${f.better === 'higher' ? '>' : '<'} ${f.target} ${f.unit}`;
    const ok = f.target === undefined ? '' : (f.better === 'higher' ? f.value > f.target : f.value < f.target) ? 'met' : 'missed';
    lines.push(`| ${f.label}${f.detail ? ` (${f.detail})` : ''} | ${round(f.value)} ${f.unit} | ${target} | ${ok} |`);
  }
  for (const t of r.tables ?? []) lines.push('', `${t.title}:`, '', markdownTable(t));
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  lines.push('');
}
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'summary.md'), `${lines.join('\n')}\n`);
process.stdout.write(`\nSummary written to ${path.relative(process.cwd(), path.join(resultsDir, 'summary.md'))}\n`);
process.exit(failed.length ? 1 : 0);

/** The bench file a result came from (its JSON name may differ: fanout writes sfu-fanout.json). */
function fileOf(resultName: string): string {
  return all.find((f) => resultName.includes(f.replace(/\.bench\.ts$/, ''))) ?? `${resultName}.bench.ts`;
}

/** The first line of a bench's opening comment: what it measures. */
function firstComment(file: string): string {
  const line = fs.readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('//')) ?? '';
  return line.replace(/^\/\/\s*/, '');
}
