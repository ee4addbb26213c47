import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/core/config.js';
import { demoPassword } from '../helpers/auth.js';
import { launchChromium, newContext } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession } from '../helpers/signaling.js';
import { inbound, trackPeerConnections } from '../helpers/webrtc.js';

let server: TestServer;
let browser: Browser;
let cli: ChildProcess | undefined;

/** H.264 as an IP camera sends it (baseline, no B-frames), so the CLI copies it without transcoding. */
async function cameraLikeClip(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-src-')), 'council.mp4');
  await promisify(execFile)('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-profile:v', 'baseline', '-bf', '0', '-g', '25', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file,
  ]);
  return file;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});
afterAll(async () => {
  try {
    if (cli?.exitCode === null) process.kill(-cli.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await browser?.close().catch(() => undefined);
  await server?.stop();
});

describe('a file put on air with npm run broadcast', () => {
  it('plays on a resident page, and ends the session when the broadcast stops', async () => {
    const sessionId = addSession(server);
    const clip = await cameraLikeClip();
    const context = await newContext(browser, 'phone');
    await trackPeerConnections(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/sessions/${sessionId}?lang=en`);
    await expect.poll(() => page.locator('.live-player').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');

    let stderr = '';
    cli = spawn('npm', ['run', '--silent', 'broadcast', '--', '--session', String(sessionId), '--source', clip, '--loop'], {
      cwd: projectRoot,
      env: { ...process.env, NIST_URL: server.url, NIST_PASSWORD: demoPassword(server, 'operator') },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    cli.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => cli!.once('exit', resolve));

    // Past the end of the 4-second file: the loop keeps the picture going.
    await expect.poll(async () => (await inbound(page)).framesDecoded, { timeout: 40_000 }).toBeGreaterThan(150);
    await expect.poll(async () => (await inbound(page)).audioPackets, { timeout: 10_000 }).toBeGreaterThan(150);
    expect(stderr).toContain('H.264 copied');

    // Ctrl-C at a terminal: SIGINT to the whole process group (npm, node, ffmpeg).
    process.kill(-cli.pid!, 'SIGINT');
    // npm itself dies of the SIGINT; the broadcast process handles it and ends the session.
    await exited;
    await expect.poll(() => stderr, { timeout: 10_000 }).toContain(`Stopped; session ${sessionId} has ended.`);
    await expect.poll(() => page.locator('.live-player').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    await context.close();
  });
});
