// Citizen questions under load on this machine: RESIDENTS socket connections watching one live session while
// residents submit RATE questions per second over HTTP for SECONDS; a moderator's socket approves each one as
// it arrives. Measured: submission → moderators' queue (POST sent → `moderation:queued` at the moderator),
// approval → residents (approve sent → `question:approved` at each resident), and messages lost.
// The server runs as its own process (the real `server/main.ts`); all clients share this process.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import { Worker } from 'node:worker_threads';
import { login } from '../../tests/helpers/auth.js';
import { startServer } from '../../tests/helpers/server.js';
import { addSession } from '../../tests/helpers/signaling.js';
import { cpuSeconds, writeBenchResult } from './lib.js';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 1000);
const RATE = Number(process.env.BENCH_QUESTIONS_PER_SEC ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loadBefore = os.loadavg()[0]!;
const server = await startServer({
  env: {
    QUESTIONS_PER_MINUTE: '10000',
    QUESTIONS_PER_DAY: '100000',
    QUESTIONS_PER_ADDRESS_PER_MINUTE: '100000',
    QUESTIONS_PER_ADDRESS_PER_DAY: '1000000',
    ...(process.env.QUESTIONS_FEED_BATCH_MS ? { QUESTIONS_FEED_BATCH_MS: process.env.QUESTIONS_FEED_BATCH_MS } : {}),
    ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
  },
  timeoutMs: 60_000,
  // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under this load
  nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean),
});

function connect(options: { cookie?: string; client?: string }): Promise<Socket> {
  const socket = io(`${server.url}/questions`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    auth: options.client ? { client: options.client } : {},
    extraHeaders: { origin: server.url, ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const emitAck = (s: Socket, event: string, payload: unknown) => s.timeout(30_000).emitWithAck(event, payload);

/** Seconds a process's main thread spent runnable but waiting for a CPU (/proc/<pid>/schedstat), 0 if unknown. */
function runQueueWaitSec(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return 0;
  }
}

/** Residents' browsers keep connections open; so do these, a few dozen at a time. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), 'x-nist-client': randomBytes(16).toString('base64url') },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Distinct words per question, so the near-duplicate check lets every one through, as distinct residents' would. */
const words = () => Array.from({ length: 8 }, () => randomBytes(4).toString('hex')).join(' ');

try {
  const sessionId = addSession(server, { status: 'live' });
  const { cookie } = await login(server, 'moderator');
  const moderator = await connect({ cookie });
  await emitAck(moderator, 'moderation:subscribe', { sessionId });

  // Residents live in worker threads, so their message handling does not delay this thread's clocks.
  const threads = Array.from({ length: THREADS }, (_, i) => {
    const count = Math.floor(RESIDENTS / THREADS) + (i < RESIDENTS % THREADS ? 1 : 0);
    // A worker's entry file is loaded before --import hooks apply, so it registers tsx itself.
    const entry = JSON.stringify(new URL('./questions-residents.ts', import.meta.url).href);
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}); })`;
    return new Worker(boot, { eval: true, workerData: { url: server.url, sessionId, count } });
  });
  const reply = (w: Worker, type: string) =>
    new Promise<any>((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        w.off('message', onMessage);
        resolve(m);
      };
      w.on('message', onMessage);
      w.once('error', reject);
    });
  const connectStart = now();
  await Promise.all(threads.map((w) => reply(w, 'ready')));
  const connectSec = (now() - connectStart) / 1000;

  const submittedAt = new Map<string, number>();
  const queueLatency: number[] = [];
  const postLatency: number[] = [];
  const approvedAt = new Map<number, number>();
  const refused: string[] = [];
  moderator.on('moderation:queued', (q: { id: number; text: string; version: number }) => {
    const sent = submittedAt.get(q.text);
    if (sent !== undefined) queueLatency.push(now() - sent);
    approvedAt.set(q.id, now());
    void emitAck(moderator, 'moderation:approve', { questionId: q.id, expectedVersion: q.version }).then((ack: { ok: boolean; error?: { message: string } }) => {
      if (!ack.ok) refused.push(ack.error!.message);
    }, (error: Error) => refused.push(`approve: ${error.message}`));
  });

  const serverPid = server.process.pid!;
  const cpuBefore = cpuSeconds(serverPid);
  const waitBefore = runQueueWaitSec(serverPid);
  const total = RATE * SECONDS;
  const start = now();
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    if (due > now()) await sleep(due - now());
    const text = `Question ${i}: ${words()}`;
    submittedAt.set(text, now());
    posts.push(
      post(`${server.url}/api/sessions/${sessionId}/questions`, { text }).then(
        (r) => {
          postLatency.push(now() - submittedAt.get(text)!);
          if (r.status !== 201) refused.push(`${r.status} ${r.body}`);
        },
        (error: Error) => {
          refused.push(`POST: ${error.message}`);
        },
      ),
    );
  }
  await Promise.all(posts);
  await sleep(2000);
  /** Every resident thread's receive times, merged per question id. */
  const reports = async () => {
    const merged = new Map<number, number[]>();
    for (const w of threads) {
      const r = reply(w, 'report');
      w.postMessage({ type: 'report' });
      for (const [id, times] of (await r).received as [number, number[]][]) merged.set(id, [...(merged.get(id) ?? []), ...times]);
    }
    return merged;
  };
  let deliveries = await reports();
  const deadline = now() + 15_000;
  const complete = (d: Map<number, number[]>) => [...approvedAt.keys()].every((id) => (d.get(id)?.length ?? 0) >= RESIDENTS);
  while (now() < deadline && !complete(deliveries)) {
    await sleep(500);
    deliveries = await reports();
  }
  const elapsed = (now() - start) / 1000;
  const serverCpuSec = cpuSeconds(serverPid) - cpuBefore;
  const serverWaitSec = runQueueWaitSec(serverPid) - waitBefore;
  const serverCpu = serverCpuSec / elapsed;

  const fanout: number[] = [];
  let delivered = 0;
  for (const [id, times] of deliveries) {
    const approved = approvedAt.get(id);
    if (approved === undefined) continue;
    delivered += times.length;
    for (const t of times) fanout.push(t - approved);
  }
  const lost = approvedAt.size * RESIDENTS - delivered;
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
  };
  const detail = `${RESIDENTS} resident sockets, ${RATE} questions/s for ${SECONDS} s, feed batching window ${process.env.QUESTIONS_FEED_BATCH_MS ?? 50} ms`;
  writeBenchResult(
    'questions',
    [
      { label: 'Submission → moderators’ queue, p50', value: pct(queueLatency, 50), unit: 'ms', detail },
      { label: 'Submission → moderators’ queue, p95', value: pct(queueLatency, 95), unit: 'ms', target: 200, better: 'lower', detail },
      { label: 'Submission → 201 reply, p95', value: pct(postLatency, 95), unit: 'ms', detail },
      { label: 'Approval → residents, p50', value: pct(fanout, 50), unit: 'ms', detail },
      { label: 'Approval → residents, p95', value: pct(fanout, 95), unit: 'ms', target: 200, better: 'lower', detail },
      { label: 'Approval → residents, p99', value: pct(fanout, 99), unit: 'ms', detail },
      { label: 'Messages lost', value: lost + (total - approvedAt.size), unit: 'messages', target: 1, better: 'lower', detail: `of ${total * RESIDENTS} deliveries` },
      { label: 'Server CPU while loaded', value: serverCpu * 100, unit: '% of one core' },
      {
        label: 'Server CPU per question',
        value: (serverCpuSec * 1000) / Math.max(1, approvedAt.size),
        unit: 'ms',
        detail: `taking it, queueing it, approving it and sending it to ${RESIDENTS} residents; × ${RATE}/s = ${Math.round((serverCpuSec / Math.max(1, approvedAt.size)) * RATE * 100)}% of one core needed`,
      },
      { label: 'Connecting and subscribing the residents', value: connectSec, unit: 's' },
    ],
    [
      `Load average (1 min) of the machine, which other work shares: ${os.loadavg()[0]!.toFixed(1)} at the end, ${loadBefore.toFixed(1)} before.`,
      `The server's main thread was ready to run but waiting for a CPU for ${serverWaitSec.toFixed(1)} s of the ${elapsed.toFixed(1)} s measured (Linux schedstat), against ${serverCpuSec.toFixed(1)} s on a CPU.`,
      `Questions refused: ${refused.length}${refused.length ? ` (first: ${refused[0]})` : ''}.`,
      'All clients run in one Node process beside the server, on the same cores: latencies include the clients’ own event-loop delay. Residents speak the socket.io wire protocol over bare WebSockets in worker threads (the server side is unchanged).',
    ],
  );
  for (const w of threads) w.postMessage({ type: 'close' });
  moderator.disconnect();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await server.stop();
}
process.exit(process.exitCode ?? 0);
