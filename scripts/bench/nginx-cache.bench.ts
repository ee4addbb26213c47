// HLS through nginx's cache (deploy/nginx/nist.conf): cached segment requests over HTTPS and the CPU of
// nginx's one worker per request, against the same segment straight from the Nist origin, and the origin's
// CPU per revalidation (the 304 a cache gets every RECORDINGS_CACHE_SEC per file). From these: how many
// segment requests one nginx core serves, and what a 50,000-viewer session needs.
//   node --import tsx scripts/bench/nginx-cache.bench.ts [--seconds 10] [--clients 32]
// Prints the figures and writes bench-results/nginx-cache.json.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { queryServerDb } from '../../tests/helpers/db.js';
import { startNginx, through } from '../../tests/helpers/nginx.js';
import { startServer } from '../../tests/helpers/server.js';
import { addSession, demoIds } from '../../tests/helpers/signaling.js';
import { waitFor } from '../../tests/helpers/wait.js';
import { percentile } from './glass-barcode.js';
import { cpuSeconds, median, writeBenchResult, type Figure } from './lib.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '32' } } });
const seconds = Number(values.seconds);
const clients = Number(values.clients);

/** `ms`: each request's time to its last byte; `cache`: how many answers carried each X-Cache-Status. */
type Load = { requests: number; bytes: number; statuses: Set<number>; cpu: Record<string, number>; ms: number[]; cache: Record<string, number> };

/** `clients` keep-alive connections asking for `url` back to back for `seconds`; CPU seconds of each watched process. */
async function load(url: string, options: { ca?: string; headers?: Record<string, string> }, watch: Record<string, () => number[]>): Promise<Load> {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  const agent = new lib.Agent({ keepAlive: true, maxSockets: clients, ...(options.ca ? { ca: options.ca } : {}) });
  const cpuOf = () => Object.fromEntries(Object.entries(watch).map(([name, pids]) => [name, pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0)]));
  const result: Load = { requests: 0, bytes: 0, statuses: new Set(), cpu: {}, ms: [], cache: {} };
  const get = () =>
    new Promise<void>((resolve, reject) => {
      const t0 = performance.now();
      lib
        .get(target, { agent, headers: options.headers }, (res) => {
          result.statuses.add(res.statusCode ?? 0);
          const cache = String(res.headers['x-cache-status'] ?? 'none');
          result.cache[cache] = (result.cache[cache] ?? 0) + 1;
          res.on('data', (c: Buffer) => (result.bytes += c.length));
          res.on('end', () => {
            result.ms.push(performance.now() - t0);
            resolve();
          });
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const before = cpuOf();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        await get();
        result.requests += 1;
      }
    }),
  );
  const after = cpuOf();
  result.cpu = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - before[k]!]));
  agent.destroy();
  return result;
}

// A shared machine may be busy: the server gets the time the cluster tests give their nodes to start.
const origin = await startServer({ timeoutMs: 120_000 });
const nginx = await startNginx(origin.url);
try {
  const demo = demoIds(origin).endedSessionId;
  await waitFor(
    'the demo recording',
    () => queryServerDb<{ status: string }>(origin.dataDir, 'SELECT status FROM recordings WHERE session_id = ?', demo)[0]?.status === 'ready',
    180_000,
  );
  const sessionId = addSession(origin, { status: 'ended' });
  fs.cpSync(path.join(origin.recordingsDir, String(demo)), path.join(origin.recordingsDir, String(sessionId)), { recursive: true });
  const files = fs.readdirSync(path.join(origin.recordingsDir, String(sessionId)), { recursive: true, encoding: 'utf8' });
  // The largest rendition's first segment: what most residents fetch.
  const segment = files.filter((f) => f.endsWith('.ts')).sort((a, b) => fs.statSync(path.join(origin.recordingsDir, String(sessionId), b)).size - fs.statSync(path.join(origin.recordingsDir, String(sessionId), a)).size)[0]!;
  const bytes = fs.statSync(path.join(origin.recordingsDir, String(sessionId), segment)).size;
  const urlPath = `/recordings/${sessionId}/${segment}`;

  const warm = await through(nginx, nginx.url + urlPath);
  if (warm.status !== 200) throw new Error(`the segment answered ${warm.status} through nginx`);
  const etag = String((await through(nginx, origin.url + urlPath)).headers.etag);

  const workers = () => fs.readFileSync(`/proc/${nginx.pid}/task/${nginx.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  const originPid = () => [origin.process.pid!];

  const cached = await load(nginx.url + urlPath, { ca: nginx.ca }, { nginx: workers, origin: originPid });
  const direct = await load(origin.url + urlPath, {}, { origin: originPid });
  const revalidations = await load(origin.url + urlPath, { headers: { 'if-none-match': etag } }, { origin: originPid });
  for (const [name, r] of Object.entries({ cached, direct, revalidations })) {
    const expected = name === 'revalidations' ? 304 : 200;
    if (r.statuses.size !== 1 || !r.statuses.has(expected)) throw new Error(`${name}: statuses ${[...r.statuses].join(', ')}, expected ${expected}`);
  }

  const perThousand = (cpuSec: number, requests: number) => (cpuSec * 1e6) / requests;
  const nginxMs = perThousand(cached.cpu.nginx!, cached.requests);
  const perCore = (1000 * 1000) / nginxMs;
  // nginx's CPU follows the bytes it encrypts: cores busy per Gbit/s of cached segments sent over TLS.
  const coresPerGbit = cached.cpu.nginx! / ((cached.bytes * 8) / 1e9);
  const viewers = 50_000;
  const viewerMbit = 1.5;
  const sessionGbit = (viewers * viewerMbit) / 1000;
  const hitRatio = (100 * (cached.cache.HIT ?? 0)) / cached.requests;
  const figures: Figure[] = [
    { label: 'HIT ratio of the segment through nginx', value: hitRatio, unit: '%', better: 'higher', detail: Object.entries(cached.cache).map(([k, n]) => `${k} ${n}`).join(', ') },
    { label: `time to last byte through nginx's cache (HTTPS), median`, value: median(cached.ms), unit: 'ms', better: 'lower' },
    { label: `time to last byte through nginx's cache (HTTPS), p95`, value: percentile(cached.ms, 0.95), unit: 'ms', better: 'lower' },
    { label: 'time to last byte straight from the origin (HTTP), median', value: median(direct.ms), unit: 'ms', better: 'lower' },
    { label: 'time to last byte straight from the origin (HTTP), p95', value: percentile(direct.ms, 0.95), unit: 'ms', better: 'lower' },
    { label: `cached segment through nginx (HTTPS, ${clients} keep-alive clients)`, value: cached.requests / seconds, unit: 'req/s', better: 'higher', detail: `${((cached.bytes * 8) / seconds / 1e6).toFixed(0)} Mbit/s; the load generator (one Node process on the same machine) limits this` },
    { label: 'nginx worker CPU per 1000 cached segment requests', value: nginxMs, unit: 'ms', better: 'lower' },
    { label: `cached segment requests one nginx core serves (${(bytes / 1024).toFixed(0)} KiB each)`, value: perCore, unit: 'req/s', better: 'higher', detail: 'from the CPU per request' },
    { label: 'nginx cores per Gbit/s of cached segments over TLS', value: coresPerGbit, unit: 'cores', better: 'lower' },
    { label: 'origin CPU while nginx served from its cache', value: perThousand(cached.cpu.origin!, cached.requests), unit: 'ms per 1000 requests', better: 'lower' },
    { label: 'segment straight from the origin (HTTP)', value: direct.requests / seconds, unit: 'req/s', better: 'higher' },
    { label: 'origin CPU per 1000 segment requests', value: perThousand(direct.cpu.origin!, direct.requests), unit: 'ms', better: 'lower' },
    { label: 'origin CPU per 1000 revalidations (304)', value: perThousand(revalidations.cpu.origin!, revalidations.requests), unit: 'ms', better: 'lower' },
  ];
  writeBenchResult('nginx-cache', figures, [
    `Segment: ${segment} of the demo recording, ${(bytes / 1024).toFixed(0)} KiB; ${seconds} s per measurement; nginx with worker_processes 1, the origin with the product's defaults.`,
    `A ${viewers.toLocaleString('en')}-viewer session at ${viewerMbit} Mbit/s each is ${sessionGbit} Gbit/s: ${(sessionGbit * coresPerGbit).toFixed(1)} nginx cores by this CPU figure (plus about 1 playlist request per viewer per second, cheap), and more network than one machine has, so several nginx machines or a CDN in front of the origin.`,
    `Revalidation cost at the origin: one 304 per file in use, per cache, every RECORDINGS_CACHE_SEC (60 s), at the CPU per 304 above; a live session has a few segments in use at a time.`,
  ]);
} finally {
  await nginx.stop();
  await origin.stop();
}
