// Late joiner: a resident opens a live session's page; how long until the first frame is on screen, from each
// source (studio page, broadcast CLI, RTMP encoder, WHIP encoder), step by step (page and bundle, socket,
// device, transport, ICE + DTLS, first keyframe). With BENCH_BASELINE=<checkout> (scripts/bench/glass-server.ts)
// the same joins run against that tree's server and web app in the same run, source by source, for before/after.
//   BENCH_JOINERS=7 BENCH_WARMUP=1 BENCH_SOURCES=studio,cli,rtmp,whip BENCH_GOP_SEC=2 npm run bench -- late-joiner
import os from 'node:os';
import type { Browser } from 'playwright-core';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { readClockScript } from './glass-barcode.js';
import { benchSession, treesFromEnv, type BenchServer } from './glass-server.js';
import { putOnAir, reportPageErrors, sourcesFromEnv, type SourceKind } from './glass-sources.js';
import { median, writeBenchResult, type Figure, type Table } from './lib.js';
import { sleep } from './sfu-lib.js';

const JOINERS = Number(process.env.BENCH_JOINERS ?? 7);
const GOP_SEC = Number(process.env.BENCH_GOP_SEC ?? 2);
/**
 * Joins before the measured ones, not counted: the first viewer of a fresh server and source pays once for what
 * later ones do not (the server's first consumer, code not yet compiled, a studio encoder still ramping up): in
 * one run the first source's first column read 1514 ms where the same tree's same source read 804 ms later.
 */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);

/** When each step ended, ms from page open: navigation, chunks and API calls, the client's `nist:sfu:*` marks, the first frame. */
const timelineScript = `(() => {
  const out = {};
  const nav = performance.getEntriesByType('navigation')[0];
  if (nav) { out['html'] = nav.responseEnd; out['DOMContentLoaded'] = nav.domContentLoadedEventEnd; }
  for (const r of performance.getEntriesByType('resource')) {
    const name = r.name.replace(/^https?:\\/\\/[^/]+/, '').replace(/[?].*$/, '');
    if (/\\.(js|css)$/.test(name) || name.startsWith('/api/')) out[name.replace(/-[A-Za-z0-9_-]{8}(?=\\.(js|css)$)/, '').replace(/\\/api\\/sessions\\/\\d+/, '/api/sessions/:id')] = r.responseEnd;
  }
  for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('nist:') && !(m.name in out)) out[m.name] = m.startTime;
  if (window.__firstFrameAt) out['first frame'] = window.__firstFrameAt;
  return out;
})()`;

type Join = { firstFrame: number; steps: Record<string, number> };

async function lateJoins(browser: Browser, server: BenchServer, sessionId: number): Promise<{ joins: Join[]; missed: number }> {
  const joins: Join[] = [];
  let missed = 0;
  for (let i = -WARMUP; i < JOINERS; i++) {
    const context = await newContext(browser);
    await context.addInitScript({ content: readClockScript });
    const page = await context.newPage();
    reportPageErrors(page, 'late joiner');
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`, { waitUntil: 'commit' });
    let first: number | undefined;
    for (let j = 0; j < 300 && !(first = (await page.evaluate('window.__firstFrameAt')) as number | undefined); j++) await sleep(25);
    if (i >= 0 && first) joins.push({ firstFrame: first, steps: (await page.evaluate(timelineScript)) as Record<string, number> });
    else if (i >= 0) missed += 1;
    await context.close();
    // The previous viewer's consumer is gone before the next one joins; a random pause so that joins do not fall
    // in step with the source's keyframes (regular joins every ~2 s would meet a 2-s keyframe interval in one phase).
    await sleep(500 + Math.random() * GOP_SEC * 1000);
  }
  return { joins, missed };
}

const trees = treesFromEnv();
const browser = await launchChromium({ fakeMedia: true });
const servers = await Promise.all(trees.map((t) => t.start()));
const figures: Figure[] = [];
const notes: string[] = [];
const columns: { label: string; joins: Join[] }[] = [];
try {
  for (const [k, kind] of sourcesFromEnv(['studio', 'cli', 'rtmp', 'whip']).entries()) {
    // Each source starts with the next tree in turn, so that no tree always goes first (on a warming machine).
    for (let i = 0; i < trees.length; i++) {
      const t = (i + k) % trees.length;
      const tree = trees[t]!;
      const server = servers[t]!;
      const sessionId = benchSession(server);
      const source = await putOnAir(kind, { browser, server, sessionId, gopSec: GOP_SEC }).catch((e: Error) => {
        notes.push(`${kind} on ${tree.label}: could not go on air (${e.message.split('\n')[0]}).`);
        return null;
      });
      if (!source) {
        notes.push(`${kind} on ${tree.label}: not measured (no such ingest on that server).`);
        continue;
      }
      await sleep(3000);
      const load = os.loadavg()[0]!;
      const { joins, missed } = await lateJoins(browser, server, sessionId);
      await source.stop();
      const label = trees.length > 1 ? `${kind}, ${tree.label}` : kind;
      columns.push({ label, joins });
      figures.push({
        label: `late joiner from ${kind}${trees.length > 1 ? ` (${tree.label})` : ''}: page open to first frame, median of ${joins.length}`,
        value: median(joins.map((j) => j.firstFrame)),
        unit: 'ms',
        target: 1000,
        better: 'lower',
        detail: `${joins.map((j) => Math.round(j.firstFrame)).join(', ')}${missed ? `; ${missed} saw no frame in 7.5 s` : ''}; load ${load.toFixed(2)}`,
      });
      notes.push(`${kind} on ${tree.label}: ${source.detail}.`);
    }
  }
  const stepNames = [...new Set(columns.flatMap((c) => c.joins.flatMap((j) => Object.keys(j.steps))))];
  const at = (c: (typeof columns)[number], step: string) => median(c.joins.map((j) => j.steps[step]).filter((v): v is number => v !== undefined));
  const order = (step: string) => median(columns.map((c) => at(c, step)).filter((v) => !Number.isNaN(v)));
  const table: Table = {
    title: 'late joiner, median ms from page open to the end of each step',
    header: ['step', ...columns.map((c) => c.label)],
    rows: stepNames.sort((a, b) => order(a) - order(b)).map((s) => [s, ...columns.map((c) => (Number.isNaN(at(c, s)) ? '' : String(Math.round(at(c, s)))))]),
  };
  notes.push(
    `Each column's first ${WARMUP} join(s) warm the server and source up and are not counted (BENCH_WARMUP).`,
    `Sources with no keyframe on request (the CLI's copied file, an RTMP encoder) wait for their next keyframe (every ${GOP_SEC} s here: BENCH_GOP_SEC); the studio page and WHIP send one when asked.`,
    `Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} on ${os.availableParallelism()} cores.`,
  );
  writeBenchResult('live-late-joiner', figures, notes, [table]);
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.stop()));
}
process.exit(0);
