import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/ffmpeg/probe.js';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { SessionsService } from '../../server/civic/sessions.service.js';
import { openDatabase } from '../../server/core/database.js';
import type { SessionId } from '../../server/core/ids.js';
import { createRepositories } from '../../server/core/repositories.js';
import { generateClip } from '../helpers/fixtures.js';
import { importCli as runImport } from '../helpers/import-cli.js';
import { runScript } from '../helpers/cli.js';

const run = promisify(execFile);
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/**
 * `npm run import -- --attach`: an imported recording gets an interpretation (an AUDIO rendition of its master)
 * and sign language (its own playlist), both as long as the recording; attaching again replaces; bad input is
 * refused with a clear message and creates nothing (no folder, hidden or not, no row, the master as it was).
 */
let dataDir: string;
let recordingsDir: string;
let media: string;
let sessionId: number;
const cli = (args: string[]) => runImport({ dataDir, recordingsDir }, args);
const withDb = <T>(fn: (repos: ReturnType<typeof createRepositories>) => T): T => {
  const database = openDatabase(path.join(dataDir, 'nist.db'));
  try {
    return fn(createRepositories(database));
  } finally {
    database.close();
  }
};
const lavfi = async (name: string, args: string[]) => {
  const file = path.join(media, name);
  await run('ffmpeg', ['-v', 'error', '-y', ...args, file]);
  return file;
};
const folder = () => path.join(recordingsDir, String(sessionId));
const master = () => fs.readFileSync(path.join(folder(), 'master.m3u8'), 'utf8');
const snapshot = () => ({ files: fs.readdirSync(folder()).sort(), master: master(), rows: withDb((r) => r.db.prepare('SELECT * FROM recording_tracks').all()) });

beforeAll(async () => {
  dataDir = tmp('nist-attach-data-');
  recordingsDir = tmp('nist-attach-rec-');
  media = tmp('nist-attach-media-');
  withDb((repos) => new CatalogService(repos).createBody({ slug: 'test-council', kind: 'council', name: { hy: 'Ավագանի', en: 'Council', ru: 'Совет' } }));
  const clip = await generateClip({ seconds: 4, width: 320, height: 180, dir: media });
  const imported = await cli([clip, '--body', 'test-council', '--title', 'Նիստ', '--date', '2025-03-14']);
  expect(imported.code, imported.stderr).toBe(0);
  sessionId = Number(imported.stdout.trim().split('\n').pop());
}, 90_000);

describe('npm run import -- --attach', () => {
  it('attaches an interpretation as an AUDIO rendition of the master and sign language as its own playlist', async () => {
    const russian = await lavfi('ru.wav', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=3']);
    const attached = await cli(['--attach', String(sessionId), '--interpretation', 'ru', russian]);
    expect(attached.code, attached.stderr).toBe(0);
    expect(attached.stdout.trim().split('\n').pop()).toBe(String(sessionId));
    expect(attached.stderr).toContain(`Attached ${russian} to session ${sessionId} as the ru interpretation (${sessionId}/audio-ru/index.m3u8).`);
    expect(master()).toContain('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=YES,AUTOSELECT=YES\n');
    expect(master()).toContain('#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Русский",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=YES,URI="audio-ru/index.m3u8"');
    for (const v of master().split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))) expect(v).toContain('AUDIO="audio"');
    const duration = withDb((r) => r.recordings.get(r.sessions.getListRow(sessionId as SessionId)!.recording!.id as never)!.durationSec!);
    const audio = await probeMedia(path.join(folder(), 'audio-ru/index.m3u8'));
    expect(audio).toMatchObject({ video: null, audio: { codec: 'aac' } });
    // The 3 s file is padded with silence to the recording's length.
    expect(Math.abs(audio.durationSec - duration)).toBeLessThan(0.5);

    const camera = await lavfi('sign.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast']);
    const signed = await cli(['--attach', String(sessionId), '--sign', camera]);
    expect(signed.code, signed.stderr).toBe(0);
    const sign = await probeMedia(path.join(folder(), 'sign/index.m3u8'));
    expect(sign).toMatchObject({ audio: null, video: { codec: 'h264', height: 360 } });
    expect(Math.abs(sign.durationSec - duration)).toBeLessThan(0.5);
    expect(master()).not.toContain('sign/');

    const tracks = withDb((r) => new SessionsService(r).getPublic(sessionId as SessionId, 'en').tracks);
    expect(tracks).toEqual({ interpretations: [{ lang: 'ru', name: 'Русский' }], sign: { url: `/recordings/${sessionId}/sign/index.m3u8` } });
  });

  it('replaces the track of a language attached again', async () => {
    const again = await lavfi('ru2.wav', ['-f', 'lavfi', '-i', 'sine=frequency=660:duration=2']);
    const before = withDb((r) => r.recordingTracks.list(r.sessions.getListRow(sessionId as SessionId)!.recording!.id as never));
    const result = await cli(['--attach', String(sessionId), '--interpretation', 'ru', again]);
    expect(result.code, result.stderr).toBe(0);
    const after = withDb((r) => r.recordingTracks.list(r.sessions.getListRow(sessionId as SessionId)!.recording!.id as never));
    expect(after.map((t) => [t.kind, t.lang, t.origin])).toEqual(before.map((t) => [t.kind, t.lang, t.origin]));
    expect(master().match(/LANGUAGE="ru"/g)).toHaveLength(1);
    expect(fs.readdirSync(folder()).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses bad input with a clear message and creates nothing', async () => {
    const silentVideo = await lavfi('no-audio.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast']);
    const onlySound = await lavfi('no-video.wav', ['-f', 'lavfi', '-i', 'sine=duration=2']);
    const garbage = path.join(media, 'garbage.mp4');
    fs.writeFileSync(garbage, 'not a video');
    const unrecorded = withDb((r) => {
      const catalog = new CatalogService(r);
      const bodyId = r.bodies.getBySlug('test-council')!.id;
      return catalog.createSession({ bodyId, kind: 'council', title: 'x', startsAt: '2025-03-15T07:00:00.000Z', location: '', status: 'scheduled', visibility: 'public', createdBy: null }).id;
    });
    const cases: [string[], string][] = [
      [['--attach', String(sessionId), '--interpretation', 'en', silentVideo], `${silentVideo} has no audio stream: an interpretation is sound.`],
      [['--attach', String(sessionId), '--sign', onlySound], `${onlySound} has no video stream: sign language is a picture.`],
      [['--attach', String(sessionId), '--interpretation', 'en', garbage], `${garbage} cannot be read as audio or video.`],
      [['--attach', String(sessionId), '--interpretation', 'en', path.join(media, 'missing.wav')], `There is no file ${path.join(media, 'missing.wav')}.`],
      [['--attach', String(sessionId), '--interpretation', 'de', onlySound], 'expected one of hy, en, ru'],
      [['--attach', '999999', '--interpretation', 'en', onlySound], 'There is no session with id 999999.'],
      [['--attach', String(unrecorded), '--interpretation', 'en', onlySound], `Session ${unrecorded} has no recording to attach a track to.`],
      [['--attach', 'abc', '--sign', silentVideo], 'expected a session id'],
      [['--attach', String(sessionId), '--sign', '--interpretation', 'en', silentVideo], 'give --interpretation <lang> or --sign, not both'],
    ];
    const before = snapshot();
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    expect(snapshot()).toEqual(before);
  });

  it('carries the tracks in an archive package to another Nist', async () => {
    const bag = path.join(tmp('nist-attach-bag-'), 'bag');
    const exported = await runScript('export', ['--body', 'test-council', '--out', bag], { env: { DATA_DIR: dataDir, RECORDINGS_DIR: recordingsDir, LOG_LEVEL: 'warn' }, timeoutMs: 60_000 });
    expect(exported.code, exported.stderr).toBe(0);
    const target = { DATA_DIR: tmp('nist-attach-data2-'), RECORDINGS_DIR: tmp('nist-attach-rec2-'), LOG_LEVEL: 'warn' };
    const imported = await runScript('import', ['--package', bag], { env: target, timeoutMs: 60_000 });
    expect(imported.code, imported.stderr).toBe(0);
    const database = openDatabase(path.join(target.DATA_DIR, 'nist.db'));
    let copy = 0;
    try {
      copy = database.prepare('SELECT session_id FROM recordings').pluck().get() as number;
      const tracks = new SessionsService(createRepositories(database)).getPublic(copy as SessionId, 'en').tracks;
      expect(tracks).toEqual({ interpretations: [{ lang: 'ru', name: 'Русский' }], sign: { url: `/recordings/${copy}/sign/index.m3u8` } });
    } finally {
      database.close();
    }
    expect(fs.readFileSync(path.join(target.RECORDINGS_DIR, String(copy), 'master.m3u8'), 'utf8')).toContain('URI="audio-ru/index.m3u8"');
    expect((await probeMedia(path.join(target.RECORDINGS_DIR, String(copy), 'audio-ru/index.m3u8'))).audio?.codec).toBe('aac');
  });
});
