// What media edges cost and give (server/cluster/), one origin and two edges on a real redis-server, each its own
// process on this machine:
//   1. glass-to-glass from the studio page to a resident page on the origin and to one on an edge, at the same
//      time from the same source (scripts/bench/glass-barcode.ts paints the send time into the picture);
//   2. question latency: approval on the origin → residents' sockets on the origin and on an edge;
//   3. the origin's CPU (node and its mediasoup workers) while it feeds 0, 1 and 2 edges one live broadcast.
//   BENCH_EDGES_SEC=20 BENCH_EDGES_QUESTIONS=40 BENCH_EDGES_RESIDENTS=50 npm run bench -- edges
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, newContext } from '../../tests/helpers/browser.js';
import { login } from '../../tests/helpers/auth.js';
import { connectResident, health, startCluster, type TestCluster } from '../../tests/helpers/cluster.js';
import { connectBrowser, newClientId } from '../../tests/helpers/questions.js';
import { ok, type Client } from '../../tests/helpers/signaling.js';
import { readClockScript, percentile } from './glass-barcode.js';
import { benchSession } from './glass-server.js';
import { putOnAir, reportPageErrors } from './glass-sources.js';
import { cpuSeconds, median, round, writeBenchResult, type Figure } from './lib.js';
import { sleep } from './sfu-lib.js';

const SECONDS = Number(process.env.BENCH_EDGES_SEC ?? 20);
const QUESTIONS = Number(process.env.BENCH_EDGES_QUESTIONS ?? 40);
const RESIDENTS = Number(process.env.BENCH_EDGES_RESIDENTS ?? 50);
const CPU_WINDOW_SEC = Number(process.env.BENCH_EDGES_CPU_SEC ?? 15);

/** A process and every process under it (the origin's mediasoup workers and its recorder's ffmpeg). */
function treeCpuSeconds(pid: number): number {
  let total = cpuSeconds(pid);
  try {
    for (const child of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      total += treeCpuSeconds(Number(child));
    }
  } catch {
    // gone
  }
  return total;
}

/** `query`: `&origin=1` for the origin's own resident (the origin would send it to an edge otherwise). */
async function residentPage(browser: Browser, url: string, sessionId: number, label: string, query = ''): Promise<Page> {
  const context = await newContext(browser);
  await context.addInitScript({ content: readClockScript });
  const page = await context.newPage();
  reportPageErrors(page, label);
  await page.goto(`${url}/sessions/${sessionId}?lang=en${query}`);
  for (let i = 0; i < 600 && !(await page.evaluate('window.__firstFrameAt')); i++) await sleep(50);
  return page;
}

async function glassToGlass(cluster: TestCluster, browser: Browser, figures: Figure[], notes: string[]): Promise<{ sessionId: number; stop: () => Promise<void> }> {
  const sessionId = benchSession(cluster.origin);
  const source = await putOnAir('studio', { browser, server: cluster.origin, sessionId, gopSec: 2 });
  if (!source) throw new Error('the studio source did not go on air');
  const pages = { origin: await residentPage(browser, cluster.origin.url, sessionId, 'origin resident', '&origin=1'), edge: await residentPage(browser, cluster.edges[0]!.url, sessionId, 'edge resident') };
  await sleep(5000); // the sender ramps up to its top layer, the jitter buffers settle
  for (const page of Object.values(pages)) await page.evaluate('window.__latency = []');
  await sleep(SECONDS * 1000);
  const samples = {
    origin: (await pages.origin.evaluate('window.__latency')) as number[],
    edge: (await pages.edge.evaluate('window.__latency')) as number[],
  };
  for (const [where, xs] of Object.entries(samples)) {
    figures.push(
      { label: `glass-to-glass, studio → resident page on the ${where}, median`, value: median(xs), unit: 'ms', better: 'lower', detail: `${xs.length} frames` },
      { label: `glass-to-glass, studio → resident page on the ${where}, p95`, value: percentile(xs, 0.95), unit: 'ms', better: 'lower' },
    );
  }
  figures.push({ label: 'extra hop through an edge (median, edge − origin)', value: round(median(samples.edge) - median(samples.origin)), unit: 'ms', better: 'lower' });
  notes.push(`glass-to-glass: ${SECONDS} s, both pages in one headless Chromium with the studio page; 1-minute load ${os.loadavg()[0]!.toFixed(2)}.`);
  for (const page of Object.values(pages)) await page.context().close();
  return { sessionId, stop: source.stop };
}

async function questionLatency(cluster: TestCluster, sessionId: number, figures: Figure[], notes: string[]): Promise<void> {
  const moderator = await connectBrowser(cluster.origin.url, { auth: await login(cluster.origin, 'moderator') });
  await ok(moderator, 'moderation:subscribe', { sessionId });
  const groups: Record<'origin' | 'edge', Client[]> = { origin: [], edge: [] };
  for (let i = 0; i < RESIDENTS; i++) {
    groups.origin.push(await connectResident(cluster.origin.url, { clientId: newClientId() }));
    groups.edge.push(await connectResident(cluster.edges[1]!.url, { clientId: newClientId() }));
  }
  for (const r of [...groups.origin, ...groups.edge]) await ok(r, 'questions:subscribe', { sessionId });
  const delays: Record<'origin' | 'edge', number[]> = { origin: [], edge: [] };
  const sentAt = new Map<number, number>();
  for (const [where, residents] of Object.entries(groups) as ['origin' | 'edge', Client[]][]) {
    for (const r of residents) {
      const seen = (q: { id: number }) => {
        const t = sentAt.get(q.id);
        if (t !== undefined) delays[where].push(performance.now() - t);
      };
      r.on('question:approved', seen);
      r.on('questions:batch', (batch: [string, { id: number }][]) => batch.forEach(([name, q]) => name === 'question:approved' && seen(q)));
    }
  }
  const queued = new Map<string, (q: { id: number; version: number }) => void>();
  moderator.on('moderation:queued', (q: { id: number; version: number; text: string }) => queued.get(q.text)?.(q));
  for (let i = 0; i < QUESTIONS; i++) {
    const text = `${['Budget', 'Roads', 'Schools', 'Water', 'Parks'][i % 5]} ${randomBytes(9).toString('hex')}: when is it discussed?`;
    const arrived = new Promise<{ id: number; version: number }>((resolve) => queued.set(text, resolve));
    const res = await fetch(`${cluster.edges[0]!.url}/api/sessions/${sessionId}/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nist-client': newClientId(), 'x-forwarded-for': `198.51.100.${(i % 250) + 1}` },
      body: JSON.stringify({ text }),
    });
    if (res.status !== 201) throw new Error(`question ${i}: ${res.status} ${await res.text()}`);
    const q = await arrived;
    sentAt.set(q.id, performance.now());
    await ok(moderator, 'moderation:approve', { questionId: q.id, expectedVersion: q.version });
    await sleep(250);
  }
  await sleep(1000);
  for (const where of ['origin', 'edge'] as const) {
    const xs = delays[where];
    figures.push(
      { label: `approval → ${RESIDENTS} residents on the ${where}, median`, value: round(median(xs)), unit: 'ms', better: 'lower', detail: `${xs.length} deliveries` },
      { label: `approval → ${RESIDENTS} residents on the ${where}, p95`, value: round(percentile(xs, 0.95)), unit: 'ms', better: 'lower' },
    );
  }
  notes.push(`questions: ${QUESTIONS} asked through edge 1 (forwarded to the origin), approved on the origin, one every ~250 ms; ${RESIDENTS} residents on the origin and ${RESIDENTS} on edge 2; ${(RESIDENTS * 2 * QUESTIONS)} deliveries expected.`);
  for (const r of [moderator, ...groups.origin, ...groups.edge]) r.disconnect();
}

async function originCpuPerEdge(cluster: TestCluster, sessionId: number, figures: Figure[], notes: string[]): Promise<void> {
  const pid = cluster.origin.process.pid!;
  const window = async () => {
    await sleep(3000); // pipes open and settle
    const t0 = performance.now();
    const c0 = treeCpuSeconds(pid);
    await sleep(CPU_WINDOW_SEC * 1000);
    return (100 * (treeCpuSeconds(pid) - c0)) / ((performance.now() - t0) / 1000);
  };
  // A viewer that joined (without a WebRTC transport) is enough for an edge to pull the broadcast: what the
  // origin spends is then the pipe alone, not the viewer's media.
  const viewers: Client[] = [];
  const percents: number[] = [await window()];
  const pipeBitrates: number[] = [];
  for (const edge of cluster.edges) {
    const v = await connectResident(edge.url);
    viewers.push(v);
    await ok(v, 'signal:join', { sessionId, role: 'viewer' });
    percents.push(await window());
    // What the origin sends this edge: every layer of the broadcast's producers, over the pipe.
    const pull = (await health(edge)).pulls.find((p) => p.sessionId === sessionId);
    if (!pull) throw new Error(`edge ${edge.url} does not pull session ${sessionId}`);
    pipeBitrates.push(pull.bitrate);
  }
  figures.push({ label: 'origin → edge pipe, one broadcast (all simulcast layers and audio)', value: round(median(pipeBitrates) / 1e6), unit: 'Mbit/s', detail: `edges: ${pipeBitrates.map((b) => (b / 1e6).toFixed(2)).join(', ')}` });
  for (const v of viewers) v.disconnect();
  percents.forEach((p, n) => figures.push({ label: `origin CPU feeding ${n} edge${n === 1 ? '' : 's'} (node + workers + recorder)`, value: round(p), unit: '% of a core', better: 'lower' }));
  figures.push({ label: 'origin CPU per edge fed', value: round((percents.at(-1)! - percents[0]!) / cluster.edges.length), unit: '% of a core', better: 'lower' });
  notes.push(`origin CPU: ${CPU_WINDOW_SEC} s windows of /proc schedstat over the origin's process tree, the studio page's broadcast (VP8 simulcast, three layers) on air throughout.`);
}

const figures: Figure[] = [];
const notes: string[] = [];
// The product's settings: each question comes from a browser of its own at an address of its own (an
// X-Forwarded-For the edge believes from loopback, as from nginx in front of it), so no limit is reached.
const cluster = await startCluster({ edges: 2 });
const browser = await launchChromium({ fakeMedia: true });
try {
  const { sessionId, stop } = await glassToGlass(cluster, browser, figures, notes);
  await originCpuPerEdge(cluster, sessionId, figures, notes);
  await questionLatency(cluster, sessionId, figures, notes);
  await stop();
  notes.push(`Every process on this one ${os.availableParallelism()}-core machine (origin, two edges, Redis, Chromium, the bench's sockets): load ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end.`);
  writeBenchResult('edges', figures, notes);
} finally {
  await browser.close();
  await cluster.stop();
}
process.exit(0);
