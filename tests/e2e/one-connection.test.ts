import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';

let server: TestServer;
let browser: Browser;
withServerAndBrowser((s, b) => ([server, browser] = [s, b]));

describe('a resident’s session page in Chromium', () => {
  it('uses one connection for the namespaces it needs (live, questions, civic, captions)', async () => {
    const sessionId = addSession(server, { status: 'live' });
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const sockets: string[] = [];
    const namespaces = new Set<string>();
    page.on('websocket', (ws) => {
      sockets.push(ws.url());
      // socket.io's CONNECT packet of a namespace: `40/live,` (engine.io message 4, socket.io connect 0).
      ws.on('framesent', ({ payload }) => {
        const ns = /^40(\/[a-z]+)/.exec(String(payload))?.[1];
        if (ns) namespaces.add(ns);
      });
    });
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await expect.poll(() => [...namespaces].sort(), { timeout: 15_000 }).toEqual(['/captions', '/civic', '/live', '/questions']);
    expect(sockets.filter((url) => url.includes('/socket.io/'))).toHaveLength(1);
    await context.close();
  });
});
