import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newContext } from '../helpers/browser.js';
import { withServerAndBrowser } from '../helpers/harness.js';
import type { TestServer } from '../helpers/server.js';
import { addSession, connect, ok } from '../helpers/signaling.js';
import { inbound, loginInPage, trackPeerConnections } from '../helpers/webrtc.js';

let server: TestServer;
let browser: Browser;
// RTMP_PORT=0 comes from the server helper (a free port, as PORT=0): test servers run side by side.
withServerAndBrowser((s, b) => ((server = s), (browser = b)));

const encoders: ChildProcess[] = [];
afterAll(() => {
  for (const e of encoders) if (e.exitCode === null) e.kill('SIGKILL');
});

/** OBS as the studio panel tells the operator to set it up: H.264 with a 2 s keyframe interval, AAC 48 kHz. */
function obs(url: string, bFrames: number): ChildProcess {
  const child = spawn(
    'ffmpeg',
    [
      '-hide_banner', '-loglevel', 'error', '-re',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '60', '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', String(bFrames), '-g', '50', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-ar', '48000', '-f', 'flv', url,
    ],
    { stdio: ['ignore', 'ignore', 'ignore'] },
  );
  encoders.push(child);
  return child;
}

describe('going live from an encoder over RTMP', () => {
  it('the studio shows a key once; an encoder using it goes live and a resident page decodes its frames', async () => {
    const sessionId = addSession(server);
    const studioContext = await newContext(browser, 'desktop');
    const studio = await studioContext.newPage();
    await loginInPage(studio, server, 'operator');
    await studio.goto(`${server.url}/studio/${sessionId}?lang=en`);
    const panel = studio.getByTestId('encoder-panel');
    await panel.getByRole('button', { name: 'Create a stream key' }).click();
    const key = await panel.getByTestId('encoder-key').innerText();
    const rtmpUrl = await panel.getByTestId('encoder-server').innerText();
    expect(rtmpUrl).toBe(`rtmp://127.0.0.1:${server.rtmpPort}/live`);
    expect(await panel.getByTestId('encoder-whip-server').innerText()).toBe(`${server.url}/api/whip/${sessionId}`);
    // What to paste into OBS (the README's steps): service, where the key goes, keyframes, profile, B-frames, audio; WHIP beside it.
    const settings = await panel.innerText();
    for (const line of ['Custom…', 'Stream Key', 'Keyframe interval: 2 s', 'H.264, baseline or main profile, no B-frames', 'Audio: AAC, 48 kHz', 'Bearer Token', 'Audio: Opus']) {
      expect(settings).toContain(line);
    }

    const residentContext = await newContext(browser, 'phone');
    await trackPeerConnections(residentContext);
    const resident = await residentContext.newPage();
    await resident.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await expect.poll(() => resident.locator('.live-player').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');

    // With B-frames, as OBS's defaults may send: transcoded, and it still plays.
    obs(`${rtmpUrl}/${key}`, 2);
    await expect.poll(() => studio.locator('.studio').getAttribute('data-status'), { timeout: 30_000 }).toBe('live');
    await expect.poll(async () => (await inbound(resident)).framesDecoded, { timeout: 30_000 }).toBeGreaterThan(50);
    await expect.poll(async () => (await inbound(resident)).audioPackets, { timeout: 10_000 }).toBeGreaterThan(50);
    // The studio page open beside an encoder on air sends no camera or microphone of its own (it did at open, while
    // the session waited): the encoder is the one source, for residents and for the recording.
    await expect.poll(() => studio.getByTestId('studio-held').count(), { timeout: 10_000 }).toBe(1);
    const producerKinds = async () => {
      const room = await connect(server.url);
      try {
        return ((await ok(room, 'signal:join', { sessionId, role: 'viewer' })).producers as { kind: string }[]).map((p) => p.kind).sort();
      } finally {
        room.disconnect();
      }
    };
    await expect.poll(producerKinds, { timeout: 10_000 }).toEqual(['audio', 'video']);
    // The studio shows what the encoder sends: codec, what Nist does with it, the bitrate.
    const status = studio.getByTestId('encoder-status');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('H264');
    expect(await status.innerText()).toContain('transcoded');
    expect(await status.innerText()).toContain('AAC → Opus');
    await expect.poll(async () => Number((await studio.getByTestId('encoder-bitrate').innerText()).replace(/[^\d]/g, '')), { timeout: 10_000 }).toBeGreaterThan(0);
    // The live preview of what the encoder sends, as residents get it.
    await expect.poll(() => studio.getByTestId('encoder-preview').getAttribute('data-playing'), { timeout: 20_000 }).toBe('yes');

    // Shown once: after a reload the panel says a key is active, and the key itself is gone.
    await studio.reload();
    await expect.poll(() => panel.innerText(), { timeout: 10_000 }).toContain('This session has an active key');
    expect(await panel.innerText()).not.toContain(key);

    // Revoked in the studio: the key is gone from the panel.
    await panel.getByRole('button', { name: 'Revoke the key' }).click();
    await expect.poll(() => panel.innerText()).toContain('No key yet.');
    await studioContext.close();
    await residentContext.close();
  }, 120_000);
});
