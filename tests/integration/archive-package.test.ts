import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { runScript } from '../helpers/cli.js';
import { queryServerDb } from '../helpers/db.js';
import { tinyPdf } from '../helpers/documents.js';
import { demoIds } from '../helpers/signaling.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { sleep } from '../helpers/wait.js';

/**
 * Archive packages: `npm run export` writes a BagIt bag of a body's sessions on one Nist (demo data, product
 * defaults), `npm run import -- --package` brings it into a fresh one with everything linked, a second import
 * skips what is there, and a tampered package is refused naming the file, creating nothing.
 */
let source: TestServer;
let target: TestServer | undefined;
let clerk: Login;
let bag: string;
const targetData = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-pkg-data-'));
const targetRecordings = fs.mkdtempSync(path.join(os.tmpdir(), 'nist-pkg-rec-'));
// The target starts empty (no demo content) so that everything in it came from the package.
const targetEnv = { DATA_DIR: targetData, RECORDINGS_DIR: targetRecordings, DEMO_CONTENT: 'false' };
const pdf = tinyPdf('minutes of the water session');
const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nՋրամատակարարման ցանցի վերանորոգումը\n';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  source = await startServer();
  clerk = await login(source, 'clerk');
  const { endedSessionId } = demoIds(source);
  // The demo recording is made in the job queue after start.
  for (const deadline = Date.now() + 90_000; (await call(source.url, null, 'GET', `/api/sessions/${endedSessionId}`)).body.recording?.status !== 'ready'; ) {
    if (Date.now() > deadline) throw new Error('the demo recording did not become ready');
    await sleep(500);
  }
  const up = await fetch(`${source.url}/api/clerk/sessions/${endedSessionId}/documents?title=${encodeURIComponent('Արձանագրություն')}&kind=minutes`, {
    method: 'PUT',
    headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrfToken, 'content-type': 'application/pdf' },
    body: new Uint8Array(pdf),
  });
  expect(up.status).toBe(201);
  const recordingId = queryServerDb<{ id: number }>(source.dataDir, 'SELECT id FROM recordings WHERE session_id = ?', endedSessionId)[0]!.id;
  const archivist = await login(source, 'archivist');
  const put = await fetch(`${source.url}/api/archive/recordings/${recordingId}/captions/hy`, {
    method: 'PUT',
    headers: { cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken, 'content-type': 'text/vtt' },
    body: vtt,
  });
  expect(put.status, await put.text()).toBe(200);
  bag = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bag-')), 'ashtarak');
}, 150_000);
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
});

const sourceEnv = () => ({ DATA_DIR: source.dataDir, RECORDINGS_DIR: source.recordingsDir });
const openEvents = async (url: string) => (await call(url, null, 'GET', '/api/open/events?organization=ashtarak-council&per_page=100')).body.results as any[];

describe('archive packages', () => {
  it('exports a body as a BagIt bag whose manifest covers every payload file', async () => {
    const r = await runScript('export', ['--body', 'ashtarak-council', '--out', bag], { env: sourceEnv(), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(bag);
    expect(fs.readFileSync(path.join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const manifest = fs.readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8').trim().split('\n').map((l) => l.split(/\s+/));
    const payload = (function walk(dir: string): string[] {
      return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.relative(bag, path.join(dir, e.name))]));
    })(path.join(bag, 'data'));
    expect(manifest.map(([, p]) => p).sort()).toEqual(payload.sort());
    for (const [sum, p] of manifest) expect(sha256(fs.readFileSync(path.join(bag, p!)))).toBe(sum);
    const bytes = payload.reduce((n, p) => n + fs.statSync(path.join(bag, p)).size, 0);
    expect(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')).toContain(`Payload-Oxum: ${bytes}.${payload.length}`);
    // The recording, its captions, the documents and the open-data JSON are all in it.
    expect(payload.some((p) => p.endsWith('/recording/master.m3u8'))).toBe(true);
    expect(payload.some((p) => p.endsWith('.ts') || p.endsWith('.m4s'))).toBe(true);
    expect(payload.filter((p) => p.includes('/documents/')).map((p) => sha256(fs.readFileSync(path.join(bag, p))))).toContain(sha256(pdf));
    expect(payload.some((p) => /\/event\.json$/.test(p))).toBe(true);
    expect(payload).toContain('data/open/organization.json');
  });

  it('imports into a fresh Nist with the same ids, agenda moments, recording, captions, votes and documents', async () => {
    const r = await runScript('import', ['--package', bag], { env: targetEnv, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/session\(s\) imported, 0 already here/);
    target = await startServer({ dataDir: targetData, env: targetEnv });

    const [before, after] = await Promise.all([openEvents(source.url), openEvents(target.url)]);
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
    const strip = (e: any) => JSON.parse(JSON.stringify(e).replaceAll(source.url, 'X').replaceAll(target!.url, 'X').replace(/"url":"X\/(sessions|api\/documents)\/\d+"/g, '"url":"$1"').replace(/recordings\/\d+\//g, 'recordings/N/'));
    expect(after.map(strip)).toEqual(before.map(strip));
    const votes = async (url: string) => (await call(url, null, 'GET', '/api/open/votes?organization=ashtarak-council&per_page=100')).body.results;
    const [votesBefore, votesAfter] = await Promise.all([votes(source.url), votes(target.url)]);
    expect(votesAfter.length).toBeGreaterThan(0);
    expect(votesAfter.map(strip)).toEqual(votesBefore.map(strip));

    // The recording plays from the new server, captions included, and search finds the agenda at its moment.
    const recorded = after.find((e) => e.media.length > 0)!;
    const sessionId = Number(recorded.sources[0].url.split('/').pop());
    const page = (await call(target.url, null, 'GET', `/api/sessions/${sessionId}`)).body;
    expect(page.recording.status).toBe('ready');
    const master = await fetch(`${target.url}${page.recording.hlsUrl}`);
    expect(master.status).toBe(200);
    const playlist = await master.text();
    expect(playlist).toContain('#EXTM3U');
    expect(page.captions.map((c: { lang: string }) => c.lang)).toContain('hy');
    const hits = (await call(target.url, null, 'GET', `/api/search?q=${encodeURIComponent('Ջրամատակարարման')}`)).body.items.filter((h: { sessionId: number }) => h.sessionId === sessionId);
    expect(hits.find((h: { kind: string }) => h.kind === 'agenda')?.startSec).toBe(page.agenda[0].startSec);
    expect(hits.some((h: { kind: string }) => h.kind === 'caption')).toBe(true);
    const minutes = page.documents.find((d: { kind: string }) => d.kind === 'minutes');
    const file = Buffer.from(await (await fetch(`${target.url}${minutes.url}`)).arrayBuffer());
    expect(sha256(file)).toBe(sha256(pdf));
  });

  it('skips what is already there on a second import, and says so', async () => {
    const count = () => queryServerDb<{ n: number }>(targetData, 'SELECT count(*) AS n FROM sessions')[0]!.n;
    const before = count();
    const r = await runScript('import', ['--package', bag], { env: targetEnv, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^0 session\(s\) imported, \d+ already here\.$/m);
    expect(r.stderr).toContain('Skipped (already here as session');
    expect(count()).toBe(before);
  });

  it('refuses a tampered package, naming the file, and creates nothing', async () => {
    const tampered = `${bag}-tampered`;
    fs.cpSync(bag, tampered, { recursive: true });
    const segment = fs.readFileSync(path.join(tampered, 'manifest-sha256.txt'), 'utf8').split('\n').map((l) => l.split(/\s+/)[1]!).find((p) => p?.endsWith('.ts') || p?.endsWith('.m4s'))!;
    const file = path.join(tampered, segment);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    fs.writeFileSync(file, bytes);
    const fresh = { ...targetEnv, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-pkg-fresh-')), RECORDINGS_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'nist-pkg-fresh-rec-')) };
    const r = await runScript('import', ['--package', tampered], { env: fresh, timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(segment);
    expect(r.stderr).toMatch(/does not match its SHA-256/);
    const rows = queryServerDb<{ n: number }>(fresh.DATA_DIR, 'SELECT (SELECT count(*) FROM bodies) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM recordings) AS n');
    expect(rows[0]!.n).toBe(0);
    expect(fs.readdirSync(fresh.RECORDINGS_DIR).filter((f) => !f.startsWith('.'))).toEqual([]);
  });
});
