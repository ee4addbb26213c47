import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { queryServerDb } from '../helpers/db.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { inbound, trackPeerConnections } from '../helpers/webrtc.js';
import { publishOverWhip } from '../helpers/whip-client.js';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  [server, browser] = await Promise.all([
    // LIVE_RESUME_GRACE_SEC=3: the broadcast ends 3 s after the encoder stops instead of the default 10 minutes,
    // so the end is seen within the test (the grace itself is tested in whip-ingest.test.ts and live-interruption).
    startServer({ env: { LIVE_RESUME_GRACE_SEC: '3' } }),
    launchChromium({ fakeMedia: true }),
  ]);
});
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('a WHIP encoder stopping', () => {
  it('DELETE ends the broadcast after the grace: the session has ended, residents see it, the recording is kept, the key cannot go live again', async () => {
    const sessionId = addSession(server);
    const operator = await login(server, 'operator');
    const { key, whipUrl } = (await call(server.url, operator, 'POST', `/api/sessions/${sessionId}/stream-key`)).body as { key: string; whipUrl: string };
    const context = await newContext(browser, 'phone');
    contexts.push(context);
    await trackPeerConnections(context);
    const resident = await context.newPage();
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);

    const encoder = await publishOverWhip(browser, server.url, whipUrl, { key });
    expect(encoder.reply.status).toBe(201);
    await expect.poll(async () => (await inbound(resident)).framesDecoded, { timeout: 40_000 }).toBeGreaterThan(30);

    expect(await encoder.remove()).toBe(200);
    await expect.poll(() => resident.locator('.live-player').getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
    const session = (await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json()) as { status: string };
    expect(session.status).toBe('ended');
    const rows = () => queryServerDb<{ status: string }>(server.dataDir, `SELECT status FROM recordings WHERE session_id = ${sessionId}`);
    expect(rows()).toHaveLength(1);
    // The recorder finalizes its playlist after the end (VOD playable at once).
    await expect.poll(() => rows()[0]!.status, { timeout: 20_000 }).not.toBe('recording');

    // The session is over: the same key is refused, and nothing opens.
    const late = await publishOverWhip(browser, server.url, whipUrl, { key });
    expect(late.reply.status).toBe(409);
    expect(JSON.parse(late.reply.body)).toMatchObject({ error: { code: 'conflict' } });
    await late.close();
    await encoder.close();
  }, 120_000);
});
