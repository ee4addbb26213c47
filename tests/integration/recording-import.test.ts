import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../server/civic/catalog.service.js';
import { openDatabase } from '../../server/core/database.js';
import { createRepositories } from '../../server/core/repositories.js';
import { parseMasterPlaylist } from '../../media/recording/hls-playlist.js';
import { generateClip } from '../helpers/fixtures.js';
import { importCli as runImport } from '../helpers/import-cli.js';

const run = promisify(execFile);
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

let dataDir: string;
let recordingsDir: string;
let media: string;
let clips: { mp4: string; mkv: string; webm: string; mov: string };

const importCli = (args: string[]) => runImport({ dataDir, recordingsDir }, args);

function db() {
  const database = openDatabase(path.join(dataDir, 'nist.db'));
  return { database, repos: createRepositories(database) };
}

function counts() {
  const { database } = db();
  try {
    const n = (table: string) => database.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { sessions: n('sessions'), recordings: n('recordings'), agenda: n('agenda_items'), folders: fs.readdirSync(recordingsDir).sort() };
  } finally {
    database.close();
  }
}

beforeAll(async () => {
  dataDir = tmp('nist-import-data-');
  recordingsDir = tmp('nist-import-rec-');
  media = tmp('nist-import-media-');
  const { database, repos } = db();
  new CatalogService(repos).createBody({ slug: 'test-council', kind: 'council', name: { hy: 'Ավագանի', en: 'Council', ru: 'Совет' } });
  database.close();
  const [mp4, mkv, webm] = await Promise.all([
    generateClip({ seconds: 3, width: 320, height: 180, dir: media }),
    generateClip({ seconds: 2, width: 320, height: 180, container: 'mkv', dir: media }),
    generateClip({ seconds: 2, width: 320, height: 180, codec: 'vp8', container: 'webm', dir: media }),
  ]);
  const mov = path.join(media, 'clip.mov');
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', mov]);
  clips = { mp4, mkv, webm, mov };
}, 60_000);

describe('npm run import', () => {
  it('imports an MP4 with its agenda as an archived session, prints the id last, with a progress bar', async () => {
    const agenda = path.join(media, 'agenda.json');
    fs.writeFileSync(agenda, JSON.stringify([
      { number: '1', title: 'Բացում', startSec: 0 },
      { number: '2', title: 'Բյուջե', startSec: 1.5 },
      { number: '3', title: 'Այլ հարցեր' },
    ]));
    const r = await importCli([clips.mp4, '--body', 'test-council', '--title', 'Ավագանու նիստ', '--date', '2025-03-14', '--agenda', agenda]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const id = Number(lines.at(-1));
    expect(Number.isInteger(id) && id > 0).toBe(true);
    expect(r.stderr).toMatch(/\[#+\]\s+100\.0 %/);

    const { database, repos } = db();
    try {
      const session = repos.sessions.get(id as never)!;
      expect(session).toMatchObject({ title: 'Ավագանու նիստ', status: 'ended', startsAt: '2025-03-14T07:00:00.000Z', visibility: 'public' });
      const row = repos.sessions.getListRow(id as never)!;
      expect(row.recording).toMatchObject({ status: 'ready', hlsPath: `${id}/master.m3u8` });
      expect(row.recording!.durationSec).toBeCloseTo(3, 0);
      const recordingId = row.recording!.id as never;
      expect(repos.recordings.renditions(recordingId).map((x) => x.height)).toEqual([180]);
      expect(repos.recordings.chapters(recordingId).map((c) => c.startSec)).toEqual([0, 1.5]);
      expect(repos.agenda.listBySession(id as never)).toHaveLength(3);
    } finally {
      database.close();
    }
    const folder = path.join(recordingsDir, String(id));
    expect(parseMasterPlaylist(fs.readFileSync(path.join(folder, 'master.m3u8'), 'utf8'))).toHaveLength(1);
    expect(fs.readFileSync(path.join(folder, 'chapters.vtt'), 'utf8')).toContain('2. Բյուջե');
    expect(fs.existsSync(path.join(folder, 'poster.jpg'))).toBe(true);
    expect(fs.readdirSync(recordingsDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it.each(['mkv', 'webm', 'mov'] as const)('imports a %s file', async (kind) => {
    const r = await importCli([clips[kind], '--body', 'test-council', '--title', `A ${kind} import`, '--date', '2024-12-01']);
    expect(r.code, r.stderr).toBe(0);
    const id = r.stdout.trim().split('\n').at(-1)!;
    expect(fs.existsSync(path.join(recordingsDir, id, 'master.m3u8'))).toBe(true);
  });

  const bad: [string, () => string[], RegExp][] = [
    ['a file that does not exist', () => [path.join(media, 'nope.mp4'), '--body', 'test-council', '--title', 'x', '--date', '2025-01-01'], /does not exist/],
    ['a text file named .mp4', () => [textFile(), '--body', 'test-council', '--title', 'x', '--date', '2025-01-01'], /not a readable video file|has no video/],
    ['an audio-only file', () => [audioOnly, '--body', 'test-council', '--title', 'x', '--date', '2025-01-01'], /no video stream|not an MP4/],
    ['a document', () => [docFile(), '--body', 'test-council', '--title', 'x', '--date', '2025-01-01'], /not an MP4, MKV, MOV or WebM/],
    ['an unknown body', () => [clips.mp4, '--body', 'no-such-body', '--title', 'x', '--date', '2025-01-01'], /no body with the slug "no-such-body"/],
    ['no body at all', () => [clips.mp4, '--title', 'x', '--date', '2025-01-01'], /body/],
    ['an impossible date', () => [clips.mp4, '--body', 'test-council', '--title', 'x', '--date', '2025-02-30'], /not a real calendar date/],
    ['a date in another format', () => [clips.mp4, '--body', 'test-council', '--title', 'x', '--date', '14/03/2025'], /YYYY-MM-DD/],
    ['no title', () => [clips.mp4, '--body', 'test-council', '--date', '2025-01-01'], /title/],
    ['a broken agenda file', () => [clips.mp4, '--body', 'test-council', '--title', 'x', '--date', '2025-01-01', '--agenda', badAgenda()], /agenda file .* is not valid/],
  ];
  let audioOnly: string;
  const textFile = () => {
    const f = path.join(media, 'notes.mp4');
    fs.writeFileSync(f, 'this is not a video\n');
    return f;
  };
  const docFile = () => {
    const f = path.join(media, 'minutes.pdf');
    fs.writeFileSync(f, '%PDF-1.4\n');
    return f;
  };
  const badAgenda = () => {
    const f = path.join(media, 'bad-agenda.json');
    fs.writeFileSync(f, JSON.stringify([{ number: '1', title: '', startSec: -3 }]));
    return f;
  };
  beforeAll(async () => {
    audioOnly = path.join(media, 'audio-only.mp4');
    await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', audioOnly]);
  });

  it.each(bad)('refuses %s with a clear message and creates nothing', async (_name, args, message) => {
    const before = counts();
    const r = await importCli(args());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    expect(r.stdout).toBe('');
    expect(counts()).toEqual(before);
  });

  it('bulk-imports a folder from a CSV manifest and skips files already imported (by checksum)', async () => {
    const folder = tmp('nist-bulk-');
    fs.copyFileSync(clips.mp4, path.join(folder, 'already.mp4')); // same bytes as the first test's import
    const fresh = await generateClip({ seconds: 2, width: 320, height: 180, dir: folder });
    fs.writeFileSync(path.join(folder, 'agenda.json'), JSON.stringify([{ number: '1', title: 'Միակ կետ', startSec: 0 }]));
    fs.writeFileSync(
      path.join(folder, 'manifest.csv'),
      `file,body,title,date,agenda\nalready.mp4,test-council,"Old, again",2025-03-14,\n${path.basename(fresh)},test-council,Նոր նիստ,2025-05-20,agenda.json\n`,
    );
    const first = await importCli(['--bulk', folder]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/1 imported, 1 already there/);
    const id = Number(first.stdout.trim().split('\n').at(-1));
    expect(fs.existsSync(path.join(recordingsDir, String(id), 'master.m3u8'))).toBe(true);

    const before = counts();
    const again = await importCli(['--bulk', folder]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/0 imported, 2 already there/);
    expect(counts()).toEqual(before);
  });
});
