import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startServer, type StartOptions, type TestServer } from './server.js';

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
