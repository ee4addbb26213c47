import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** The tracks as SessionDetail lists them (server/civic/sessions.contract.ts `tracks`). */
export type RecordingTracksFixture = { interpretations: { lang: string; name: string }[]; sign: { url: string } | null };

/** The floor's tone in the demo recording (server/demo, ladder-args testClip) and the interpretation's here. */
export const floorToneHz = 1000;
export const interpretationToneHz = 440;

/**
 * Gives a ready recording (the demo's: a 20 s ladder of TS segments with AAC audio) the interpreters' tracks
 * as the recorder keeps them, made by ffmpeg beside its master: a Russian interpretation (a 440 Hz tone) as
 * an AUDIO rendition `audio-ru/index.m3u8`, and the sign-language picture (testsrc, video only) as its own
 * playlist `sign/index.m3u8`, both as long as the recording and starting at 0; the master gets the AUDIO
 * group (the floor without a URI, muxed in the variants, DEFAULT=YES) as in the tracks contract.
 */
export async function addRecordingTracks(server: TestServer, sessionId: number, seconds: number): Promise<RecordingTracksFixture> {
  const dir = path.join(server.recordingsDir, String(sessionId));
  const hls = (sub: string) => {
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    return ['-f', 'hls', '-hls_time', '4', '-hls_playlist_type', 'vod', '-hls_segment_filename', path.join(dir, sub, '%05d.ts'), path.join(dir, sub, 'index.m3u8')];
  };
  const quiet = ['-hide_banner', '-loglevel', 'error', '-y'];
  await Promise.all([
    run('ffmpeg', [...quiet, '-f', 'lavfi', '-i', `sine=frequency=${interpretationToneHz}:sample_rate=48000:duration=${seconds}`,
      '-c:a', 'aac', '-b:a', '64k', '-ar', '48000', '-ac', '2', ...hls('audio-ru')]),
    run('ffmpeg', [...quiet, '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-an', ...hls('sign')]),
  ]);
  const master = path.join(dir, 'master.m3u8');
  const lines = fs.readFileSync(master, 'utf8').split('\n').filter((l) => !l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
  const audio = [
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Floor",DEFAULT=YES,AUTOSELECT=YES',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Русский",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=NO,URI="audio-ru/index.m3u8"',
  ];
  const first = lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF:'));
  const rewritten = lines.map((l) => (l.startsWith('#EXT-X-STREAM-INF:') && !l.includes('AUDIO=') ? `${l},AUDIO="audio"` : l));
  rewritten.splice(first, 0, ...audio);
  fs.writeFileSync(master, rewritten.join('\n'));
  return { interpretations: [{ lang: 'ru', name: 'Русский' }], sign: { url: `/recordings/${sessionId}/sign/index.m3u8` } };
}

/**
 * Until the server lists a recording's tracks itself (the recording_tracks repository), the page's session
 * fetch gets them added: the real response, with `tracks` where it has none.
 */
export async function serveTracks(page: Page, sessionId: number, tracks: RecordingTracksFixture): Promise<void> {
  await page.route(new RegExp(`/api/sessions/${sessionId}(\\?|$)`), async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { tracks?: RecordingTracksFixture | null };
    const listed = body.tracks && (body.tracks.interpretations.length > 0 || body.tracks.sign);
    await route.fulfill({ response, json: { ...body, tracks: listed ? body.tracks : tracks } });
  });
}
