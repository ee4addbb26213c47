import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SessionTracks } from '../../server/civic/sessions.contract.js';
import { importCli } from './import-cli.js';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** The floor's tone in the demo recording (media/ffmpeg/ladder-args.ts testClipArgs) and the interpretation's here. */
export const floorToneHz = 1000;
export const interpretationToneHz = 440;

/**
 * Gives a ready recording (the demo's) the interpreters' tracks the way an archivist does, with
 * `npm run import -- --attach`: a Russian interpretation (a 440 Hz tone made by ffmpeg) becomes an AUDIO
 * rendition of its master, a sign-language picture (testsrc) its own playlist, both as long as the recording.
 * Returns what the server lists.
 */
export async function addRecordingTracks(server: TestServer, sessionId: number, seconds: number): Promise<SessionTracks> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-tracks-'));
  const russian = path.join(dir, 'ru.wav');
  const sign = path.join(dir, 'sign.mp4');
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y'];
  await Promise.all([
    run('ffmpeg', [...quiet, '-f', 'lavfi', '-i', `sine=frequency=${interpretationToneHz}:sample_rate=48000:duration=${seconds}`, russian]),
    run('ffmpeg', [...quiet, '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', sign]),
  ]);
  for (const args of [['--interpretation', 'ru', russian], ['--sign', sign]]) {
    const attached = await importCli(server, ['--attach', String(sessionId), ...args]);
    if (attached.code !== 0) throw new Error(`attach ${args.join(' ')} failed: ${attached.stderr}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const detail = (await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json()) as { tracks: SessionTracks };
  return detail.tracks;
}
