import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { login as logIn, type Login } from './auth.js';
import { startServer, type StartOptions, type TestServer } from './server.js';
import { connect, type Client } from './signaling.js';

/**
 * A browser test file's server and Chromium: both start before the file's tests (in parallel) and stop after
 * them. `take` receives them, so the file keeps its own `server` and `browser` variables.
 */
export function withServerAndBrowser(take: (server: TestServer, browser: Browser) => void, options?: StartOptions): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options), launchChromium()]);
    take(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
}

/**
 * An integration test file's server, with the product's defaults unless `options` say otherwise: it starts
 * before the file's tests, `take` receives it (and may log in the accounts the file uses), and after the
 * tests every socket client opened with `open` disconnects and the server stops. `timeoutMs` is the start's
 * (with `take`) when it waits for more than the server (the demo recording to be ready).
 */
export function withServer(take: (server: TestServer) => void | Promise<void>, options?: StartOptions, timeoutMs?: number) {
  let server: TestServer | undefined;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await startServer(options);
    await take(server);
  }, timeoutMs);
  afterAll(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await server?.stop();
  });
  return {
    /** A page's sockets on the server (every namespace, one connection), logged in as `auth` (a username logs in first). */
    async open(auth?: Login | string | null, options?: { clientId?: string; headers?: Record<string, string> }): Promise<Client> {
      const login = typeof auth === 'string' ? await logIn(server!, auth) : auth;
      const client = await connect(server!.url, login, options);
      clients.push(client);
      return client;
    },
  };
}
