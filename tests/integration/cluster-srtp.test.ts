import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectResident, health, startCluster, type TestCluster } from '../helpers/cluster.js';
import { generateClip } from '../helpers/fixtures.js';
import { addSession, nextEvent, ok, type Client } from '../helpers/signaling.js';
import { broadcastFile, sleep } from '../helpers/wait.js';

// CLUSTER_PIPE_SRTP is the setting under test (off by default: cluster-media.test.ts runs the pipes plain),
// on the origin and its edge alike: both ends of a pipe must agree.
const srtp = { env: { CLUSTER_PIPE_SRTP: 'true' } };

let cluster: TestCluster;
let feed: ChildProcess | undefined;
const sockets: Client[] = [];

beforeAll(async () => {
  cluster = await startCluster({ edges: 1, origin: srtp, edge: srtp });
}, 300_000);
afterAll(async () => {
  feed?.kill('SIGINT');
  for (const s of sockets) s.disconnect();
  await cluster?.stop();
});

// Three processes, Redis and a broadcast on a machine other tests share: minutes, not seconds.
describe('media pipes between origin and edge over SRTP (CLUSTER_PIPE_SRTP=true)', { timeout: 180_000 }, () => {
  it('carries a live broadcast to a viewer on the edge with SRTP on both ends of the pipe', async () => {
    const clip = await generateClip({ seconds: 6, width: 320, height: 180, cameraLike: true });
    const sessionId = addSession(cluster.origin);
    const watcher = await connectResident(cluster.origin.url);
    sockets.push(watcher);
    await ok(watcher, 'session:watch', { sessionId });
    const live = nextEvent(watcher, 'session:live');
    feed = broadcastFile(cluster.origin, sessionId, clip);
    await live;

    const edge = cluster.edges[0]!;
    const resident = await connectResident(edge.url);
    sockets.push(resident);
    await ok(resident, 'session:watch', { sessionId });
    await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    // RTP reaches the edge's pipe only if both ends use the same SRTP keys (exchanged over Redis).
    const deadline = Date.now() + 60_000;
    let pull: { producers: number; bitrate: number } | undefined;
    while (Date.now() < deadline) {
      pull = (await health(edge)).pulls.find((p) => p.sessionId === sessionId);
      if (pull && pull.producers === 2 && pull.bitrate > 10_000) break;
      await sleep(200);
    }
    expect(pull).toMatchObject({ producers: 2 });
    expect(pull!.bitrate).toBeGreaterThan(10_000);
    expect(edge.logs.some((l) => l.msg === 'pulling the session from the origin' && l.sessionId === sessionId)).toBe(true);
  });
});
