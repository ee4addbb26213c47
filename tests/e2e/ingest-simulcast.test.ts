import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { inbound, pictureOf, policyLayerOf, trackPeerConnections } from '../helpers/webrtc.js';

// Server-side simulcast seen by residents: the layer policy, unchanged, picks a layer the size of the player.
let server: TestServer;
let browser: Browser;
// The product's defaults (INGEST_SIMULCAST on); RTMP_PORT=0 from the helper, so test servers run side by side.
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

const encoders: ChildProcess[] = [];
afterAll(() => {
  for (const e of encoders) if (e.exitCode === null) e.kill('SIGKILL');
});

/** An OBS-like encoder over RTMP: H.264 without B-frames, 2 s keyframes, AAC. */
function publish(url: string, size: string, fps: number): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-bf', '0', '-g', String(fps * 2),
      '-b:v', '2000k', '-maxrate', '2000k', '-bufsize', '4000k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ar', '48000', '-f', 'flv', url,
    ],
    { stdio: 'ignore' },
  );
  encoders.push(child);
  return child;
}

async function onAir(size: string, fps: number): Promise<{ sessionId: number; encoder: ChildProcess }> {
  const sessionId = addSession(server);
  const res = await call(server.url, await login(server, 'operator'), 'POST', `/api/sessions/${sessionId}/stream-key`);
  expect(res.status).toBe(201);
  return { sessionId, encoder: publish(`${res.body.rtmpUrl}/${res.body.key}`, size, fps) };
}

async function residentPage(sessionId: number, viewport: 'phone' | 'desktop', before?: (page: Page) => Promise<void>): Promise<Page> {
  const context = await newContext(browser, viewport);
  await trackPeerConnections(context);
  const page = await context.newPage();
  await before?.(page);
  await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
  return page;
}

/** Every size the WebRTC video element presents, in order, as it changes: window.__sizes. */
const presentedSizesScript = `(() => {
  window.__sizes = [];
  const watch = (video) => {
    const onFrame = (_now, meta) => {
      const size = meta.width + 'x' + meta.height;
      if (window.__sizes.at(-1) !== size) window.__sizes.push(size);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => {
    for (const v of document.querySelectorAll('video.live-video')) if (!v.__sized) { v.__sized = true; watch(v); }
  }).observe(document, { childList: true, subtree: true });
})()`;

/** The spatial layers the page asks the server for, in order: `consume` for a new consumer, `set-layers` after. */
async function layerRequests(page: Page): Promise<string[]> {
  const asked: string[] = [];
  await page.addInitScript({ content: presentedSizesScript });
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      const text = String(payload);
      if (!text.includes('"signal:consume"') && !text.includes('"signal:set-layers"')) return;
      const [event, body] = JSON.parse(text.slice(text.indexOf('['))) as [string, { preferredLayers?: { spatialLayer: number }; spatialLayer?: number }];
      if (event === 'signal:consume' && body.preferredLayers) asked.push(`consume ${body.preferredLayers.spatialLayer}`);
      if (event === 'signal:set-layers') asked.push(`set-layers ${body.spatialLayer}`);
    }),
  );
  return asked;
}


describe('a single-layer encoder offered in layers', () => {
  it('720p30: a phone decodes the 180p layer; a wide player the layer its width asks for', async () => {
    const { sessionId, encoder } = await onAir('1280x720', 30);
    const phone = await residentPage(sessionId, 'phone');
    const desktop = await residentPage(sessionId, 'desktop');
    await expect.poll(async () => (await inbound(phone)).framesDecoded, { timeout: 45_000 }).toBeGreaterThan(30);
    expect(await policyLayerOf(phone)).toBe(0);
    await expect.poll(() => pictureOf(phone), { timeout: 20_000 }).toBe('320x180');

    const wide = await policyLayerOf(desktop);
    expect(wide).toBeGreaterThan(0);
    // The transport's bandwidth estimate starts low and climbs on loopback: the layer follows within seconds.
    await expect.poll(() => pictureOf(desktop), { timeout: 45_000 }).toBe(['320x180', '640x360', '1280x720'][wide]);
    // Still decoding on the small layer: the phone's picture kept coming.
    const before = (await inbound(phone)).framesDecoded;
    await expect.poll(async () => (await inbound(phone)).framesDecoded, { timeout: 10_000 }).toBeGreaterThan(before + 30);
    await phone.context().close();
    await desktop.context().close();
    encoder.kill('SIGKILL');
  }, 150_000);

  it('a new resident starts on the 180p layer (a keyframe each quarter second) and climbs to the layer its width asks for', async () => {
    const { sessionId, encoder } = await onAir('1280x720', 30);
    let asked: string[] = [];
    const desktop = await residentPage(sessionId, 'desktop', async (page) => void (asked = await layerRequests(page)));
    const wide = await policyLayerOf(desktop);
    expect(wide).toBeGreaterThan(0);
    // The SFU switches at that layer's next keyframe once the bandwidth estimate allows it.
    const target = ['320x180', '640x360', '1280x720'][wide]!;
    await expect.poll(() => desktop.evaluate(() => (window as unknown as { __sizes: string[] }).__sizes), { timeout: 60_000 }).toContain(target);
    const sizes = await desktop.evaluate(() => (window as unknown as { __sizes: string[] }).__sizes);
    expect(sizes[0]).toBe('320x180');
    // Made on the lowest layer; asked for the policy's once that layer was forwarded, and not before.
    expect(asked[0]).toBe('consume 0');
    expect(asked.slice(1)).toContain(`set-layers ${wide}`);
    await desktop.context().close();
    encoder.kill('SIGKILL');
  }, 150_000);

  it('480p: a phone decodes the 360p layer', async () => {
    const { sessionId, encoder } = await onAir('854x480', 25);
    const phone = await residentPage(sessionId, 'phone');
    await expect.poll(async () => (await inbound(phone)).framesDecoded, { timeout: 45_000 }).toBeGreaterThan(25);
    await expect.poll(() => pictureOf(phone), { timeout: 20_000 }).toBe('640x360');
    await phone.context().close();
    encoder.kill('SIGKILL');
  }, 120_000);
});
