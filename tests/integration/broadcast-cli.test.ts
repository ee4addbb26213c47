import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/core/config.js';
import { generateClip } from '../helpers/fixtures.js';
import { demoPassword } from '../helpers/auth.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, nextEvent, ok } from '../helpers/signaling.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

function broadcast(args: string[], password = demoPassword(server, 'operator')): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'scripts/broadcast.ts'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NIST_URL: server.url, NIST_PASSWORD: password },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

const statusOf = async (id: number) => ((await (await fetch(`${server.url}/api/sessions/${id}`)).json()) as { status: string }).status;

describe('npm run broadcast', () => {
  it('stops with a clear message and changes nothing when the source cannot be opened', async () => {
    const sessionId = addSession(server);
    const { code, stderr } = await broadcast(['--session', String(sessionId), '--source', '/nonexistent/council.mp4']);
    expect(code).toBe(1);
    expect(stderr).toContain('Cannot open the source /nonexistent/council.mp4');
    expect(await statusOf(sessionId)).toBe('scheduled');
  });

  it('stops with a clear message when the session does not exist or is not the operator’s to run', async () => {
    const clip = await generateClip({ seconds: 2, width: 320, height: 180 });
    const missing = await broadcast(['--session', '987654', '--source', clip]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no session with id 987654');

    const library = addSession(server, { bodySlug: 'ashtarak-library' });
    const foreign = await broadcast(['--session', String(library), '--source', clip]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('Only an operator of this body can broadcast this session');
    expect(await statusOf(library)).toBe('scheduled');

    const wrongPassword = await broadcast(['--session', String(library), '--source', clip], 'not-the-password');
    expect(wrongPassword.code).toBe(1);
    expect(wrongPassword.stderr).toMatch(/Login as operator failed/);
  });

  it('takes a scheduled session live from a VP8 file (transcoded) and ends it when the file ends', async () => {
    const clip = await generateClip({ seconds: 3, width: 320, height: 180, codec: 'vp8', container: 'webm' });
    const sessionId = addSession(server);
    const resident = await connect(server.url);
    await ok(resident, 'session:watch', { sessionId });
    const live = nextEvent(resident, 'session:live');
    const ended = nextEvent(resident, 'session:ended');
    const run = broadcast(['--session', String(sessionId), '--source', clip]);
    await live;
    const joined = await ok(resident, 'signal:join', { sessionId, role: 'viewer' });
    expect(joined.producers.map((p: { kind: string }) => p.kind).sort()).toEqual(['audio', 'video']);
    await ended;
    const { code, stderr } = await run;
    expect(code).toBe(0);
    expect(stderr).toContain('vp8 transcoded to H.264');
    expect(stderr).toContain('has ended');
    expect(await statusOf(sessionId)).toBe('ended');
    resident.disconnect();
  });

  it('keeps the session live after the source ends with --keep-live', async () => {
    const clip = await generateClip({ seconds: 2, width: 320, height: 180 });
    const sessionId = addSession(server);
    const { code, stderr } = await broadcast(['--session', String(sessionId), '--source', clip, '--keep-live']);
    expect(code).toBe(0);
    expect(stderr).toContain('stays live');
    expect(await statusOf(sessionId)).toBe('live');
  });
});
