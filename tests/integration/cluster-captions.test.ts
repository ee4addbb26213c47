import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Login } from '../helpers/auth.js';
import { connectResident, startCluster, type TestCluster } from '../helpers/cluster.js';
import { addSession, connect, nextEvent, ok, request, type Client } from '../helpers/signaling.js';

/**
 * Live captions across a cluster (REDIS_URL): a resident whose page is on a media edge watches a session's
 * lines through the origin and receives each line typed on the origin; typing happens on the origin only.
 */
let cluster: TestCluster;
let captioner: Login;
const sockets: Client[] = [];
const track = (c: Client) => (sockets.push(c), c);

beforeAll(async () => {
  cluster = await startCluster({ edges: 1 });
  captioner = await login(cluster.origin, 'captioner');
}, 300_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await cluster?.stop();
});

describe('live captions on a media edge', { timeout: 120_000 }, () => {
  it("carries a line typed on the origin to a resident on the edge, who also gets the recent lines", async () => {
    // Live without media: captions need only the session's status.
    const sessionId = addSession(cluster.origin, { status: 'live' });
    const typist = track(await connect(cluster.origin.url, captioner));
    await ok(typist, 'caption:send', { sessionId, lang: 'hy', text: 'Առաջին տողը' });

    const resident = track(await connectResident(cluster.edges[0]!.url));
    const watched = await ok(resident, 'caption:watch', { sessionId });
    expect(watched.cues.map((c: { text: string }) => c.text)).toEqual(['Առաջին տողը']);
    const heard = nextEvent(resident, 'caption:cue');
    const sent = await ok(typist, 'caption:send', { sessionId, lang: 'hy', text: 'Երկրորդ տողը' });
    expect(await heard).toMatchObject({ cueId: sent.cueId, lang: 'hy', text: 'Երկրորդ տողը' });
  });

  it('sends typing to the origin and hides private sessions', async () => {
    const resident = track(await connectResident(cluster.edges[0]!.url));
    const sessionId = addSession(cluster.origin, { status: 'live' });
    expect(await request(resident, 'caption:send', { sessionId, lang: 'hy', text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringContaining('happens on the origin server') },
    });
    const hidden = addSession(cluster.origin, { status: 'live', visibility: 'private' });
    expect(await request(resident, 'caption:watch', { sessionId: hidden })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
