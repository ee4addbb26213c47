import { execFile, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, launchChromium, newContext, viewports } from '../helpers/browser.js';
import { startCoturn, type Coturn } from '../helpers/coturn.js';
import { remoteCandidates, selectedPairs } from '../helpers/ice.js';
import { createNetNamespace, type NetNamespace } from '../helpers/netns.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { broadcastFile, sleep } from '../helpers/wait.js';
import { inbound, trackPeerConnections } from '../helpers/webrtc.js';

/** H.264 as an IP camera sends it (baseline, no B-frames): the CLI copies it, which keeps the CPU free. */
async function cameraLikeClip(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-net-')), 'council.mp4');
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  return file;
}

function stopBroadcast(cli: ChildProcess | undefined): Promise<void> {
  if (!cli || cli.exitCode !== null || cli.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => cli.once('exit', () => resolve()));
  cli.kill('SIGINT');
  const timer = setTimeout(() => cli.kill('SIGKILL'), 5000);
  return exited.then(() => clearTimeout(timer));
}

/** Frames decoded keep growing: the page is playing, not showing one frozen picture. */
async function expectPlaying(page: Page) {
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(10);
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before + 10);
}

/** Whether a datagram sent from inside the namespace to `host:port` reaches a socket on the host. */
async function udpReaches(ns: NetNamespace, host: string): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  const { port } = socket.address();
  let received = false;
  socket.on('message', () => (received = true));
  try {
    for (let i = 0; i < 5 && !received; i += 1) {
      await ns.exec('bash', ['-c', `echo probe > /dev/udp/${host}/${port}`]);
      await sleep(100);
    }
    await sleep(300);
    return received;
  } finally {
    socket.close();
  }
}

/** Whether a TCP connection from inside the namespace to `host:port` opens. */
async function tcpReaches(ns: NetNamespace, host: string, port: number): Promise<boolean> {
  return (await ns.exec('bash', ['-c', `exec 3<>/dev/tcp/${host}/${port}`])).code === 0;
}

describe('a resident behind a firewall that drops UDP', () => {
  let ns: NetNamespace;
  let server: TestServer;
  let browser: Browser | undefined;
  let cli: ChildProcess | undefined;

  beforeAll(async () => {
    // The namespace first: the server offers every address its host has when it starts, the veth's among them.
    ns = await createNetNamespace();
    // The product's defaults for where it listens: HTTP and media on every address of the host.
    server = await startServer();
  });
  afterAll(async () => {
    await stopBroadcast(cli);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await ns?.close();
  });

  it('has a namespace where TCP to the server gets through and UDP does not', async () => {
    expect(await udpReaches(ns, ns.hostIp)).toBe(true);
    await ns.blockUdp();
    expect(await udpReaches(ns, ns.hostIp)).toBe(false);
    expect(await tcpReaches(ns, ns.hostIp, server.port)).toBe(true);
  });

  it('plays the session over ICE-TCP', async () => {
    const sessionId = addSession(server);
    cli = broadcastFile(server, sessionId, await cameraLikeClip());
    browser = await chromium.launch({ executablePath: ns.chromiumPath, headless: true, args: chromiumArgs });
    // Plain http on a LAN address is not a secure context, so there is no navigator.userAgentData and
    // mediasoup-client reads the User-Agent, where headless Chromium says "HeadlessChrome/N" (it does not match
    // /\bChrome\//). A resident's real Chrome says "Chrome/N": give the page that.
    const major = browser.version().split('.')[0];
    const context = await browser.newContext({
      viewport: viewports.phone,
      locale: 'hy-AM',
      userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
    });
    await trackPeerConnections(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(`http://${ns.hostIp}:${server.port}/sessions/${sessionId}?lang=en`);
    await expectPlaying(page);

    const pairs = await selectedPairs(page);
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      expect(pair.state).toBe('succeeded');
      expect(pair.local.protocol).toBe('tcp');
      expect(pair.remote.protocol).toBe('tcp');
      expect(pair.remote.address).toBe(ns.hostIp);
      expect(pair.bytesReceived).toBeGreaterThan(0);
    }
    // UDP was on offer at the same address: TCP was chosen because the firewall ruled UDP out.
    const offered = await remoteCandidates(page);
    expect(offered.some((c) => c.protocol === 'udp' && c.address === ns.hostIp)).toBe(true);
    expect(offered.some((c) => c.protocol === 'tcp' && c.address === ns.hostIp)).toBe(true);
  });
});

describe('a resident who can reach the server only through TURN', () => {
  let coturn: Coturn;
  let server: TestServer;
  let browser: Browser;
  let cli: ChildProcess | undefined;
  let sessionId: number;

  const turnEnv = (secret: string) => ({
    TURN_URLS: `turn:127.0.0.1:${coturn.port}?transport=udp,turn:127.0.0.1:${coturn.port}?transport=tcp`,
    TURN_SECRET: secret,
  });

  beforeAll(async () => {
    coturn = await startCoturn();
    [server, browser] = await Promise.all([startServer({ env: turnEnv(coturn.secret) }), launchChromium()]);
    sessionId = addSession(server);
    cli = broadcastFile(server, sessionId, await cameraLikeClip());
  });
  afterAll(async () => {
    await stopBroadcast(cli);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await coturn?.stop();
  });

  async function openRelayOnly(url: string): Promise<Page> {
    const context = await newContext(browser, 'desktop');
    await trackPeerConnections(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // ?ice=relay: the page gathers relay candidates only (RTCConfiguration.iceTransportPolicy 'relay').
    await page.goto(`${url}/sessions/${sessionId}?lang=en&ice=relay`);
    return page;
  }

  it('plays the session through coturn with relay candidates only', async () => {
    const page = await openRelayOnly(server.url);
    await expectPlaying(page);
    const pairs = await selectedPairs(page);
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      expect(pair.state).toBe('succeeded');
      expect(pair.local.candidateType).toBe('relay');
      expect(pair.bytesReceived).toBeGreaterThan(0);
    }
    // coturn saw the time-limited REST-API user: "<expiry>:<who>", expiring about TURN_TTL_SEC (3600 s) from now.
    const user = /user <(\d+):([^>]*)>: incoming packet ALLOCATE processed, success/.exec(coturn.log());
    expect(user, coturn.log().slice(-2000)).not.toBeNull();
    const expiry = Number(user![1]);
    expect(Math.abs(expiry - (Date.now() / 1000 + 3600))).toBeLessThan(120);
    await page.context().close();
  });

  it('plays over the server\'s TCP candidates only with ?ice=tcp (a support check of the ICE-TCP path)', async () => {
    const context = await newContext(browser, 'desktop');
    await trackPeerConnections(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en&ice=tcp`);
    await expectPlaying(page);
    const pairs = await selectedPairs(page);
    expect(pairs.length).toBeGreaterThan(0);
    // The browser's end of an active TCP connection shows up as host or peer-reflexive, never as a relay.
    for (const pair of pairs) expect([pair.state, pair.local.protocol, pair.remote.protocol, pair.local.candidateType === 'relay']).toEqual(['succeeded', 'tcp', 'tcp', false]);
    expect((await remoteCandidates(page)).every((c) => c.protocol === 'tcp')).toBe(true);
    await context.close();
  });

  it('plays nothing relay-only when the server holds the wrong TURN secret (coturn refuses it)', async () => {
    const wrong = await startServer({ env: turnEnv('not-the-secret') });
    try {
      const id = addSession(wrong);
      const wrongCli = broadcastFile(wrong, id, await cameraLikeClip());
      try {
        const context = await newContext(browser, 'desktop');
        await trackPeerConnections(context);
        const page = await context.newPage();
        await page.goto(`${wrong.url}/sessions/${id}?lang=en&ice=relay`);
        // The same page without ?ice=relay plays (the session is on air)...
        const direct = await context.newPage();
        await direct.goto(`${wrong.url}/sessions/${id}?lang=en`);
        await expectPlaying(direct);
        // ...while the relay-only one, given credentials coturn rejects, has no way to the server.
        await sleep(4000);
        expect((await inbound(page)).framesDecoded).toBe(0);
        expect((await selectedPairs(page)).filter((p) => p.state === 'succeeded')).toEqual([]);
        expect(coturn.log()).toMatch(/user <\d+:[^>]*>: incoming packet \S+ processed, error 401/);
        await context.close();
      } finally {
        await stopBroadcast(wrongCli);
      }
    } finally {
      await wrong.stop();
    }
  });
});
