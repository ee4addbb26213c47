import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAddresses } from '../../media/sfu/media-addresses.js';
import { call, login } from '../helpers/auth.js';
import { chromiumArgs, launchChromium, newContext } from '../helpers/browser.js';
import { createNetNamespace, type NetNamespace } from '../helpers/netns.js';
import { freePortRange } from '../helpers/ports.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { demoIds } from '../helpers/signaling.js';
import { broadcastFile } from '../helpers/wait.js';
import { inbound, loginInPage, trackPeerConnections } from '../helpers/webrtc.js';

/**
 * Issue 12, part 1: the README's `npm start` with no network settings of the test's own. Only DATA_DIR and
 * RECORDINGS_DIR (temporary folders, from the helper), PORT and RTC_PORT (the defaults, 3000 and 44444, when they
 * are free; free ports otherwise) are set; HOST, RTC_LISTEN_IP, ANNOUNCED_ADDRESS, MEDIASOUP_WORKERS, DEMO_CONTENT,
 * FFMPEG_PATH, RECORDING_MIN_FREE_MB and the RTP port range stay at their defaults. A resident on the host and one
 * on another network (a namespace behind a veth, which reaches only the host's address on that link) must both
 * see the broadcast; it and the demo's past session must be recorded and playable.
 */

const workers = os.availableParallelism();
let ns: NetNamespace;
let server: TestServer;
let rtcPort: number;
let hostBrowser: Browser;
let lanBrowser: Browser;
let feed: ChildProcess | undefined;
let sessionId: number;

type Pair = { dtlsState: string; localAddress: string; remoteAddress: string; remotePort: number; protocol: string; bytesReceived: number };

/** The candidate pairs each open peer connection of the page selected. */
function selectedPairs(page: Page): Promise<Pair[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const pairs: Pair[] = [];
    for (const pc of pcs) {
      const stats = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(s.id as string, s));
      for (const s of stats.values()) {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
        const pair = stats.get(s.selectedCandidatePairId as string)!;
        const local = stats.get(pair.localCandidateId as string)!;
        const remote = stats.get(pair.remoteCandidateId as string)!;
        pairs.push({
          dtlsState: s.dtlsState as string,
          localAddress: local.address as string,
          remoteAddress: remote.address as string,
          remotePort: remote.port as number,
          protocol: remote.protocol as string,
          bytesReceived: Number(pair.bytesReceived ?? 0),
        });
      }
    }
    return pairs;
  });
}

async function openResident(browser: Browser, origin: string): Promise<Page> {
  // On a plain-http origin other than localhost (the other network's) there is no navigator.userAgentData, and
  // headless Chromium's user agent says "HeadlessChrome/…", which mediasoup-client does not recognise as Chrome;
  // a resident's Chrome says "Chrome/…". Give the page that user agent, as a resident's browser would have.
  const userAgent = (await browser.newBrowserCDPSession().then((cdp) => cdp.send('Browser.getVersion'))).userAgent.replace('HeadlessChrome/', 'Chrome/');
  const context = await newContext(browser, 'phone', { userAgent });
  await trackPeerConnections(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${origin}/sessions/${sessionId}?lang=en`);
  return page;
}

/** Frames decoded keep growing: the page plays, not one frozen picture. */
async function expectPlaying(page: Page, who: string) {
  const message = `frames decoded by the resident ${who}`;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 30_000, message }).toBeGreaterThan(10);
  const before = (await inbound(page)).framesDecoded;
  await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 15_000, message }).toBeGreaterThan(before + 10);
  await expect.poll(async () => (await inbound(page)).audioPackets, { timeout: 10_000, message: `audio packets to the resident ${who}` }).toBeGreaterThan(20);
}

/** H.264 as an IP camera sends it (baseline, no B-frames), which the CLI copies: no transcoding on two busy cores. */
async function cameraLikeClip(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-defaults-')), 'council.mp4');
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '6', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  return file;
}

const sessionReply = async () => (await fetch(`${server.url}/api/sessions/${sessionId}`)).json() as Promise<{ status: string; recording: { status: string; hlsUrl: string; durationSec: number | null } | null }>;

beforeAll(async () => {
  // The other network first: the server offers the addresses its host has when it starts.
  ns = await createNetNamespace();
  // The default ports when they are free (RTC_PORT and the next workers' ports); other free ones otherwise.
  rtcPort = await freePortRange(workers, 44444);
  const httpPort = await freePortRange(1, 3000);
  [server, hostBrowser, lanBrowser] = await Promise.all([
    startServer({ npmStart: true, workersPerCore: true, env: { PORT: String(httpPort), RTC_PORT: String(rtcPort) } }),
    launchChromium(),
    chromium.launch({ executablePath: ns.chromiumPath, headless: true, args: chromiumArgs }),
  ]);
  sessionId = demoIds(server).scheduledSessionId;
}, 240_000);

afterAll(async () => {
  if (feed && feed.exitCode === null) feed.kill('SIGKILL');
  await hostBrowser?.close().catch(() => undefined);
  await lanBrowser?.close().catch(() => undefined);
  await server?.stop();
  await ns?.close();
});

describe('a live broadcast on the README defaults', () => {
  it('offers browsers every address of the host on RTC_PORT + i, logs them and shows them to admins', async () => {
    const expected = hostAddresses(os.networkInterfaces());
    expect(expected).toContain(ns.hostIp);
    const ports = Array.from({ length: workers }, (_, i) => rtcPort + i);
    const logged = server.logs.find((l) => l.msg === 'media addresses');
    expect(logged).toMatchObject({ source: 'interfaces', listenIp: '0.0.0.0', announced: expected, ports });
    expect(server.logs.some((l) => l.msg === 'media addresses are not reachable from PUBLIC_URL')).toBe(false);

    const admin = await login(server, 'admin');
    const status = await call(server.url, admin, 'GET', '/api/media/status');
    expect(status.status).toBe(200);
    expect(status.body.addresses).toMatchObject({ source: 'interfaces', ports, unreachableFromPublicUrl: false });
    expect(status.body.addresses.announced.map((a: { ip: string }) => a.ip)).toEqual(expected);
    const listeners = status.body.addresses.listeners as { worker: number; protocol: string; ip: string; port: number }[];
    expect(listeners).toHaveLength(workers * expected.length * 2);
    for (const l of listeners) expect(l.port).toBe(rtcPort + l.worker);
    expect(listeners.some((l) => l.ip === '0.0.0.0')).toBe(false);

    const operator = await login(server, 'operator');
    expect((await call(server.url, operator, 'GET', '/api/media/status')).status).toBe(403);
  });

  it("shows them and the ports to open in the admin's console", async () => {
    const context = await newContext(hostBrowser, 'desktop');
    try {
      const page = await context.newPage();
      await loginInPage(page, server, 'admin');
      await page.goto(`${server.url}/console/media?lang=en`);
      const list = page.getByTestId('media-addresses');
      await expect.poll(() => list.innerText(), { timeout: 15_000 }).toContain(ns.hostIp);
      for (const ip of hostAddresses(os.networkInterfaces())) expect(await list.innerText()).toContain(ip);
      const ports = workers > 1 ? `${rtcPort}–${rtcPort + workers - 1}` : String(rtcPort);
      expect(await page.getByTestId('media-ports').innerText()).toBe(`UDP and TCP ${ports}`);
      expect(await page.getByTestId('media-unreachable').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('plays what `npm run broadcast` puts on air to a resident on the host and one on another network', async () => {
    feed = broadcastFile(server, sessionId, await cameraLikeClip());
    await expect.poll(async () => (await sessionReply()).status, { timeout: 30_000 }).toBe('live');

    const [onHost, onLan] = await Promise.all([
      openResident(hostBrowser, server.url),
      // HOST's default (0.0.0.0) serves the page on the link's address as well.
      openResident(lanBrowser, `http://${ns.hostIp}:${server.port}`),
    ]);
    await Promise.all([expectPlaying(onHost, 'on the host'), expectPlaying(onLan, 'on the other network')]);

    const mediaPorts = new Set(Array.from({ length: workers }, (_, i) => rtcPort + i));
    for (const [page, reachable] of [
      [onHost, hostAddresses(os.networkInterfaces())],
      [onLan, [ns.hostIp]],
    ] as const) {
      const pairs = await selectedPairs(page);
      expect(pairs.length).toBeGreaterThan(0);
      for (const pair of pairs) {
        expect(pair.dtlsState).toBe('connected');
        expect(reachable).toContain(pair.remoteAddress);
        expect(mediaPorts.has(pair.remotePort)).toBe(true);
        expect(pair.bytesReceived).toBeGreaterThan(0);
      }
    }
    console.info(`selected: host ${JSON.stringify(await selectedPairs(onHost))}, other network ${JSON.stringify(await selectedPairs(onLan))}`);
  });

  it('records it with the default recording settings and archives it when the broadcast ends', async () => {
    expect(feed, 'the broadcast of the test before').toBeDefined();
    expect((await sessionReply()).recording?.status).toBe('recording');
    // Let the recording hold a few seconds before the broadcast ends (on a loaded machine it starts late).
    const recorded = async () => {
      const url = (await sessionReply()).recording?.hlsUrl;
      if (!url) return 0;
      const text = await (await fetch(new URL(url, server.url))).text();
      return [...text.matchAll(/#EXTINF:([\d.]+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    };
    await expect.poll(recorded, { timeout: 30_000 }).toBeGreaterThan(3);
    const exited = new Promise((resolve) => feed!.once('exit', resolve));
    feed!.kill('SIGINT'); // the CLI ends the session on Ctrl-C
    await exited;
    await expect.poll(async () => (await sessionReply()).status, { timeout: 15_000 }).toBe('ended');
    await expect.poll(async () => (await sessionReply()).recording?.status, { timeout: 120_000 }).toBe('ready');
    const recording = (await sessionReply()).recording!;
    expect(recording.durationSec).toBeGreaterThan(2);
    const playlist = await fetch(new URL(recording.hlsUrl, server.url));
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain('#EXTM3U');
  });

  it("makes the demo's past session playable, as a first start promises", async () => {
    const ended = demoIds(server).endedSessionId;
    const reply = async () => ((await (await fetch(`${server.url}/api/sessions/${ended}`)).json()) as Awaited<ReturnType<typeof sessionReply>>).recording;
    await expect.poll(async () => (await reply())?.status, { timeout: 120_000 }).toBe('ready');
    const playlist = await fetch(new URL((await reply())!.hlsUrl, server.url));
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toContain('#EXTM3U');
  });
});
