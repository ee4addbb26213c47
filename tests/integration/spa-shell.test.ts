import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

const page = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return res.text();
};
/** The module URLs the page tells the browser to fetch ahead. */
const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => m[1]!);

describe('the page shell', () => {
  it('preloads the live player’s chunks on the page of a live or upcoming public council session only', async () => {
    const home = preloads(await page('/'));
    const live = preloads(await page(`/sessions/${addSession(server, { status: 'live' })}`));
    const upcoming = preloads(await page(`/sessions/${addSession(server, { status: 'scheduled' })}/`));
    const ended = preloads(await page(`/sessions/${addSession(server, { status: 'ended' })}`));
    const meeting = preloads(await page(`/sessions/${addSession(server, { kind: 'meeting', status: 'live' })}`));
    const missing = preloads(await page('/sessions/999999'));

    const extra = live.filter((href) => !home.includes(href));
    expect(extra.some((href) => /\/assets\/LivePlayer-[\w-]+\.js$/.test(href))).toBe(true);
    expect(extra.some((href) => /\/assets\/sfu-client[\w.-]*\.js$/.test(href))).toBe(true);
    expect(upcoming).toEqual(live);
    // Its stylesheet is in the page already, so the chunk does not wait for it when it loads.
    const liveId = addSession(server, { status: 'live' });
    const liveHtml = await page(`/sessions/${liveId}`);
    expect(liveHtml).toContain(`<meta name="nist-live-player" content="/sessions/${liveId}">`);
    expect(liveHtml).toMatch(/<link rel="stylesheet" crossorigin href="\/assets\/LivePlayer-[\w-]+\.css">/);
    // Everything preloaded is really served, as a JavaScript module.
    for (const href of extra) {
      const res = await fetch(`${server.url}${href}`);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
    }
    for (const other of [ended, meeting, missing]) expect(other).toEqual(home);
    expect(await page('/')).not.toContain('nist-live-player');
  });

  it('does not serve the build manifest', async () => {
    const res = await fetch(`${server.url}/.vite/manifest.json`);
    expect(res.headers.get('content-type')).not.toMatch(/json/);
  });
});
