import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, login } from '../helpers/auth.js';
import { withInterpretationScene } from '../helpers/interpretation-scene.js';
import type { OnAir } from '../helpers/live-scenario.js';
import type { TestServer } from '../helpers/server.js';
import { connect, ok } from '../helpers/signaling.js';
import { sleep } from '../helpers/wait.js';

const run = promisify(execFile);

/**
 * The recording keeps the interpreters (issue 16), on the product defaults with real parts: the broadcast CLI
 * is the floor, an English interpreter's studio page (Chromium's fake microphone) goes on air, leaves and
 * comes back, a sign-language interpreter's page sends its fake camera; the session ends, and the finished
 * recording's master lists English as an AUDIO rendition the variants reference, the renditions are as long
 * as the floor, the sign-language playlist is video, and the session's API lists both.
 */
const { scene, interpreterOnAir } = withInterpretationScene({ recording: true });
let server: TestServer;
let air: OnAir;
beforeAll(() => void ({ server, air } = scene));

const probe = async (url: string) => {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type,codec_name,height', '-of', 'json', url]);
  return JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string; codec_name: string; height?: number }[] };
};

describe('a recorded session with interpreters', () => {
  it('keeps the interpretation as an AUDIO rendition and sign language as its own playlist, on the floor timeline', async () => {
    const signer = await interpreterOnAir('clerk', 'Sign language (camera)', 'Sign language');
    const english = await interpreterOnAir('interpreter', 'English', 'English');
    await sleep(4000);
    await english.close();
    await sleep(2000);
    // Back on air: the same track continues.
    await interpreterOnAir('interpreter', 'English', 'English');
    await sleep(3000);
    await signer.close();

    const op = await connect(server.url, await login(server, 'operator'));
    await ok(op, 'session:end', { sessionId: air.sessionId });
    op.disconnect();
    await expect
      .poll(async () => (await call(server.url, null, 'GET', `/api/sessions/${air.sessionId}`)).body.recording?.status, { timeout: 120_000, interval: 1000 })
      .toBe('ready');
    const session = (await call(server.url, null, 'GET', `/api/sessions/${air.sessionId}`)).body;
    expect(session.tracks).toEqual({ interpretations: [{ lang: 'en', name: 'English' }], sign: { url: `/recordings/${air.sessionId}/sign/index.m3u8` } });

    const master = await (await fetch(`${server.url}${session.recording.hlsUrl}`)).text();
    const media = master.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
    expect(media).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=YES,AUTOSELECT=YES',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="audio-en/index.m3u8"',
    ]);
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v).toContain('AUDIO="audio"');
    // Sign language is no variant: players would switch to it by bandwidth.
    expect(master).not.toContain('sign/');

    const floorSec = session.recording.durationSec as number;
    const audio = await probe(`${server.url}/recordings/${air.sessionId}/audio-en/index.m3u8`);
    expect(audio.streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['audio:aac']);
    expect(Math.abs(Number(audio.format.duration) - floorSec)).toBeLessThan(1.5);
    const sign = await probe(`${server.url}${session.tracks.sign.url}`);
    expect(sign.streams).toEqual([{ codec_type: 'video', codec_name: 'h264', height: 360 }]);
    expect(Math.abs(Number(sign.format.duration) - floorSec)).toBeLessThan(1.5);

    // Two pieces of English (the interpreter left and came back), one of sign language; none left behind.
    const pieces = server.logs.filter((l) => l.msg === 'interpreter track recording');
    expect(pieces.map((l) => l.track).sort()).toEqual(['audio-en', 'audio-en', 'sign']);
    expect(fs.existsSync(path.join(server.recordingsDir, String(air.sessionId), '.tracks'))).toBe(false);
  });
});
