import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { SessionTracks } from '../../server/civic/sessions.contract.js';
import type { RecordingId } from '../../server/core/ids.js';
import { RecordingTracksRepository } from '../../server/recording/recording-tracks.repository.js';
import { withAudioRenditions } from '../../media/recording/audio-playlists.js';
import type { TestServer } from './server.js';

const run = promisify(execFile);

/** The floor's tone in the demo recording (server/demo, ladder-args testClip) and the interpretation's here. */
export const floorToneHz = 1000;
export const interpretationToneHz = 440;

/**
 * Gives a ready recording (the demo's: a 20 s ladder of TS segments with AAC audio) the interpreters' tracks
 * as the recorder keeps them, made by ffmpeg beside its master: a Russian interpretation (a 440 Hz tone) as
 * an AUDIO rendition `audio-ru/index.m3u8`, and the sign-language picture (testsrc, video only) as its own
 * playlist `sign/index.m3u8`, both as long as the recording and starting at 0; the master gets the AUDIO
 * group as the recording writes it (media/recording/audio-playlists.ts: the floor without a URI, muxed in the
 * variants, DEFAULT=YES), and the recording its rows in recording_tracks (so SessionDetail lists them).
 * Returns what the server lists.
 */
export async function addRecordingTracks(server: TestServer, sessionId: number, seconds: number): Promise<SessionTracks> {
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
  const audio = { floor: { lang: 'hy', name: 'Հայերեն' }, interpretations: [{ lang: 'ru', name: 'Русский', uri: 'audio-ru/index.m3u8' }] };
  fs.writeFileSync(master, withAudioRenditions(fs.readFileSync(master, 'utf8'), audio));
  const db = new Database(path.join(server.dataDir, 'nist.db'));
  try {
    const { id } = db.prepare('SELECT id FROM recordings WHERE session_id = ?').get(sessionId) as { id: RecordingId };
    const tracks = new RecordingTracksRepository(db);
    tracks.set(id, { kind: 'interpretation', lang: 'ru', path: `${sessionId}/audio-ru/index.m3u8`, origin: 'attached' });
    tracks.set(id, { kind: 'sign', lang: null, path: `${sessionId}/sign/index.m3u8`, origin: 'attached' });
  } finally {
    db.close();
  }
  const detail = (await (await fetch(`${server.url}/api/sessions/${sessionId}`)).json()) as { tracks: SessionTracks };
  return detail.tracks;
}
