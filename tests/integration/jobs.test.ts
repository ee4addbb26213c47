import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let archivist: Login;
const sockets: Socket[] = [];

const connect = (auth: Login | null) => {
  const socket = io(`${server.url}/jobs`, { transports: ['websocket'], extraHeaders: auth ? { cookie: auth.cookie } : {}, reconnection: false });
  sockets.push(socket);
  return socket;
};
const subscribe = (socket: Socket) =>
  new Promise<any>((resolve) => socket.emit('jobs:subscribe', {}, resolve));

beforeAll(async () => {
  // The demo content queues a job at start (the demo session's generated recording).
  server = await startServer();
  archivist = await login(server, 'archivist');
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe('job progress for the staff page', () => {
  it('streams progress to every subscribed archivist until the job is done', async () => {
    const [a, b] = [connect(archivist), connect(await login(server, 'archivist'))];
    const seen: any[] = [];
    a.on('job:updated', (job) => seen.push(job));
    const done = new Promise<any>((resolve) => b.on('job:updated', (job) => job.status === 'done' && resolve(job)));
    const [ackA, ackB] = await Promise.all([subscribe(a), subscribe(b)]);
    expect(ackA.ok).toBe(true);
    expect(ackB.data.items[0]).toMatchObject({ kind: 'demo-recording' });
    const finished = await done;
    expect(finished).toMatchObject({ kind: 'demo-recording', status: 'done', percent: 100, error: null });
    // Both archivists saw the same job, with progress that never goes backwards.
    const percents = seen.filter((j) => j.id === finished.id).map((j) => j.percent);
    expect(percents.length).toBeGreaterThan(0);
    expect(percents).toEqual([...percents].sort((x, y) => x - y));
    const listed = await call(server.url, archivist, 'GET', '/api/jobs?limit=5');
    expect(listed.body.items[0]).toMatchObject({ id: finished.id, status: 'done' });
    expect((await call(server.url, archivist, 'GET', `/api/jobs/${finished.id}`)).body.status).toBe('done');
  });

  it('refuses residents and other roles, on the socket and over REST', async () => {
    for (const who of [null, await login(server, 'clerk')]) {
      const reply = await subscribe(connect(who));
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await call(server.url, who, 'GET', '/api/jobs')).status).toBe(who ? 403 : 401);
    }
  });

  it('rejects bad payloads and queries', async () => {
    const reply = await new Promise<any>((resolve) => connect(archivist).emit('jobs:subscribe', { all: true }, resolve));
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect((await call(server.url, archivist, 'GET', '/api/jobs?limit=100000')).status).toBe(400);
    expect((await call(server.url, archivist, 'GET', '/api/jobs/abc')).status).toBe(400);
  });
});
