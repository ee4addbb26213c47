import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login, type Login } from '../helpers/auth.js';
import { connectResident, health, withClusterAndClip, type EdgeHealth } from '../helpers/cluster.js';
import { connectBrowser, feedEvent, newClientId } from '../helpers/questions.js';
import { audioRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { addSession, connect, nextEvent, ok } from '../helpers/signaling.js';
import { broadcastFile, sleep, waitForAsync } from '../helpers/wait.js';

const file = withClusterAndClip();
const { feeds, sockets } = file;
let moderator: Login;
beforeAll(async () => {
  moderator = await login(file.cluster.origin, 'moderator');
});
// One broadcast at a time: each test's feed ends with it (two cores are shared by five processes here).
afterEach(() => {
  for (const f of feeds.splice(0)) f.kill('SIGINT');
});

type OriginHealth = { cluster: { edges: { id: string; viewers: number; pipes: number }[]; pipes: number; redis: { ok: boolean } } };
const originHealth = () => health<OriginHealth>(file.cluster.origin);
const pullOf = (h: EdgeHealth, sessionId: number) => h.pulls.find((p) => p.sessionId === sessionId);

/** A live broadcast of the clip on the origin (the broadcast CLI, as an operator puts a file on air). */
async function liveSession(): Promise<number> {
  const sessionId = addSession(file.cluster.origin);
  const watcher = await connectResident(file.cluster.origin.url);
  sockets.push(watcher);
  await ok(watcher, 'session:watch', { sessionId });
  const live = nextEvent(watcher, 'session:live');
  feeds.push(broadcastFile(file.cluster.origin, sessionId, file.clip));
  await live;
  return sessionId;
}

/** A resident on `edgeUrl` joins as a viewer; resolves with the producers it can consume (audio and video). */
async function viewerOn(edgeUrl: string, sessionId: number) {
  const resident = await connectResident(edgeUrl, { clientId: newClientId() });
  sockets.push(resident);
  await ok(resident, 'session:watch', { sessionId });
  const added: { producerId: string; kind: string }[] = [];
  resident.on('producer:added', (p: { producerId: string; kind: string }) => added.push(p));
  const join = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
  const producers = async () => [...join.producers, ...added];
  await waitForAsync('both producers on the edge', async () => (await producers()).length >= 2);
  return { resident, join, producers: await producers() };
}

// Up to five processes (origin, edges, Redis, a broadcast) on a machine other tests share: minutes, not seconds.
describe('cascading media: the origin pipes a live broadcast to edges with viewers', { timeout: 180_000 }, () => {
  it('pulls a session to an edge only while it has viewers there; the edge serves the pulled producers', async () => {
    const sessionId = await liveSession();
    const [edge1, edge2] = file.cluster.edges as [typeof file.cluster.origin, typeof file.cluster.origin];
    // No viewers anywhere: no edge pulls anything.
    expect((await health(edge1)).pulls).toEqual([]);

    const { resident, join, producers } = await viewerOn(edge1.url, sessionId);
    expect(join).toMatchObject({ sessionId, role: 'viewer', roomKind: 'broadcast', status: 'live' });
    expect(producers.map((p) => p.kind).sort()).toEqual(['audio', 'video']);
    // Media arrives over the pipe (the edge's PipeTransport receives the origin's RTP).
    await waitForAsync('media through the pipe', async () => {
      const p = pullOf(await health(edge1), sessionId);
      return p && p.producers === 2 && p.bitrate > 10_000;
    });
    expect((await health(edge2)).pulls).toEqual([]);
    expect((await originHealth()).cluster.pipes).toBe(1);

    // The edge's own transport and consumer: what a browser gets on this edge.
    const transport = await ok(resident, 'signal:create-transport', { direction: 'recv' });
    const video = producers.find((p) => p.kind === 'video')!;
    const consumer = await ok(resident, 'signal:consume', { transportId: transport.id, producerId: video.producerId, rtpCapabilities: join.routerRtpCapabilities });
    expect(consumer).toMatchObject({ producerId: video.producerId, kind: 'video' });
    const sending = await ok(resident, 'signal:create-transport', { direction: 'send' }).catch((e: Error) => e.message);
    expect(sending).toMatch(/forbidden/);

    // The last viewer leaves: the edge stops pulling and the origin stops piping.
    await ok(resident, 'signal:leave', {});
    await waitForAsync('the edge to stop pulling', async () => (await health(edge1)).pulls.length === 0);
    await waitForAsync('the origin to stop piping', async () => (await originHealth()).cluster.pipes === 0);
  });

  it("carries an interpreter's track and language to an edge's residents, beside the floor", async () => {
    const sessionId = await liveSession();
    const interpreter = await connect(file.cluster.origin.url, await login(file.cluster.origin, 'interpreter'));
    sockets.push(interpreter);
    await ok(interpreter, 'signal:join', { sessionId, role: 'interpreter' });
    const send = await ok(interpreter, 'signal:create-transport', { direction: 'send' });
    await ok(interpreter, 'signal:produce', {
      transportId: send.id,
      kind: 'audio',
      rtpParameters: audioRtpParameters(7000),
      source: 'microphone',
      appData: { track: 'interpretation', lang: 'en' },
    });

    const resident = await connectResident(file.cluster.edges[0]!.url, { clientId: newClientId() });
    sockets.push(resident);
    await ok(resident, 'session:watch', { sessionId });
    const added: { track: string; lang?: string }[] = [];
    resident.on('producer:added', (p: { track: string; lang?: string }) => added.push(p));
    const join = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    const tracks = () => [...join.producers, ...added].map((p: { track: string; lang?: string }) => `${p.track}${p.lang ? `:${p.lang}` : ''}`).sort();
    // The floor's audio and video, and the interpretation: a resident on the edge can tell them apart.
    await waitForAsync('the floor and the interpretation on the edge', async () => tracks().length >= 3);
    expect(tracks()).toEqual(['floor', 'floor', 'interpretation:en']);
    await ok(resident, 'signal:leave', {});
    interpreter.disconnect();
  });

  it('a Redis restart: nodes reconnect, media keeps flowing to connected residents, questions reach them again', async () => {
    const sessionId = await liveSession();
    const edge = file.cluster.edges[0]!;
    const { resident } = await viewerOn(edge.url, sessionId);
    await waitForAsync('media through the pipe', async () => (pullOf(await health(edge), sessionId)?.bitrate ?? 0) > 0);

    const pulls = () => edge.logs.filter((l) => l.msg === 'pulling the session from the origin' && l.sessionId === sessionId).length;
    expect(pulls()).toBe(1);
    await file.cluster.redis.restart('SIGKILL');
    // Media does not go through Redis: the pipe made before keeps carrying it while Redis is away and after.
    await waitForAsync('media while Redis restarts', async () => (pullOf(await health(edge), sessionId)?.bitrate ?? 0) > 0, 10_000);
    await waitForAsync('the edge to hear its origin again', async () => (await health(edge)).connected);
    await waitForAsync('the origin to see its edges again', async () => {
      const h = await originHealth();
      return h.cluster.redis.ok && h.cluster.edges.length === file.cluster.edges.length;
    });
    await waitForAsync('media after Redis is back', async () => (pullOf(await health(edge), sessionId)?.bitrate ?? 0) > 0, 10_000);
    expect((await originHealth()).cluster.pipes).toBe(1);
    expect(pulls()).toBe(1);

    // The socket.io adapter is back too: a question approved on the origin reaches the resident on the edge.
    await ok(resident, 'questions:subscribe', { sessionId });
    const m = await connectBrowser(file.cluster.origin.url, { auth: moderator });
    sockets.push(m);
    await ok(m, 'moderation:subscribe', { sessionId });
    const text = 'Is the budget hearing streamed after the restart?';
    const queued = nextEvent(m, 'moderation:queued', (q) => q.text === text);
    const res = await fetch(`${edge.url}/api/sessions/${sessionId}/questions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nist-client': newClientId() },
      body: JSON.stringify({ text }),
    });
    expect(res.status).toBe(201);
    const q = await queued;
    const reached = feedEvent(resident, 'question:approved');
    await ok(m, 'moderation:approve', { questionId: q.id, expectedVersion: q.version });
    expect(await reached).toMatchObject({ id: q.id, text });
    await ok(resident, 'signal:leave', {});
  });

  it('an edge killed with SIGKILL: the origin notices by its heartbeat and stops piping to it', async () => {
    const sessionId = await liveSession();
    const edge = await file.cluster.addEdge();
    const node = (await health(edge)).node;
    const { resident } = await viewerOn(edge.url, sessionId);
    await waitForAsync('the origin to pipe to the new edge', async () => (await originHealth()).cluster.pipes >= 1);
    const gone = new Promise((r) => resident.manager.on('close', r));

    const killedAt = Date.now();
    await edge.stop('SIGKILL');
    await gone;
    await waitForAsync('the origin to drop the killed edge', async () => {
      const h = await originHealth();
      return !h.cluster.edges.some((e) => e.id === node) && h.cluster.pipes === 0;
    });
    // Said, not asserted (a loaded machine stretches it): how long the origin took to notice.
    process.stderr.write(`origin dropped the SIGKILLed edge after ${Date.now() - killedAt} ms\n`);
    expect(file.cluster.origin.logs.some((l) => l.msg === 'node down: no heartbeat' && l.node === node)).toBe(true);
  });

  it('the origin restarted: an edge drops what it pulled, its residents hear of the interruption, and it pulls again when the source is back', async () => {
    const sessionId = await liveSession();
    const edge = file.cluster.edges[0]!;
    const { resident } = await viewerOn(edge.url, sessionId);
    await waitForAsync('media through the pipe', async () => (pullOf(await health(edge), sessionId)?.bitrate ?? 0) > 0);
    const closed = nextEvent(resident, 'producer:closed');
    const interrupted = nextEvent(resident, 'session:interrupted', (e) => e.sessionId === sessionId);

    for (const f of feeds.splice(0)) f.kill('SIGKILL');
    await file.cluster.restartOrigin('SIGTERM');
    // A stopping origin tells its edges; the resident on the edge keeps its socket (the edge did not restart).
    await closed;
    expect(resident.connected).toBe(true);
    // The restarted origin has no media for the live session: interrupted, as after any restart, on every node.
    await interrupted;
    await waitForAsync('the edge to hear the new origin', async () => (await health(edge)).connected);

    const back = nextEvent(resident, 'producer:added');
    feeds.push(broadcastFile(file.cluster.origin, sessionId, file.clip));
    await back;
    await waitForAsync('media through a new pipe', async () => {
      const p = pullOf(await health(edge), sessionId);
      return p && p.producers === 2 && p.bitrate > 0;
    });
    await ok(resident, 'signal:leave', {});
  });
});
