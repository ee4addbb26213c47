import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, type Login } from '../helpers/auth.js';
import { countRows, queryServerDb } from '../helpers/db.js';
import { openApiChecker } from '../helpers/openapi.js';
import { demoCouncil, importedRecording } from '../helpers/retention.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * Retention of recordings on the product defaults (local disk, demo data): nothing is deleted until an admin
 * sets a body's rule; then a private session's recording older than the rule goes with its files, search rows
 * and an audit entry, while a public one of the same age stays and a held one stays until released.
 */
let server: TestServer;
let admin: Login;
let clerk: Login;
let archivist: Login;
let checked: Awaited<ReturnType<typeof openApiChecker>>;
let bodyId: number;
/** 2020: years older than any rule the test sets. */
let old: { sessionId: number; recordingId: number };
let published: { sessionId: number; recordingId: number };
let held: { sessionId: number; recordingId: number };
// The demo council: its staff hold their roles there. Its own recording is of a public session, never due.
const slug = demoCouncil;
const vtt = 'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nԳաղտնի խորհրդակցության արձանագրություն\n';

const db = <T>(sql: string, ...params: unknown[]) => queryServerDb<T>(server.dataDir, sql, ...params);
const audit = (action: string, target: string) =>
  db<{ account_id: number | null; details: string }>('SELECT account_id, details FROM audit_log WHERE action = ? AND target = ?', action, target);
const scheduledOfBody = async (who: Login) =>
  ((await checked('GET', '/api/retention/scheduled', '/api/retention/scheduled?days=30', who)).items as any[]).filter((i) => i.body.id === bodyId);
const sweep = () => checked('POST', '/api/retention/sweep', '/api/retention/sweep', admin);

beforeAll(async () => {
  server = await startServer();
  [checked, admin, clerk, archivist] = await Promise.all([openApiChecker(server.url), login(server, 'admin'), login(server, 'clerk'), login(server, 'archivist')]);
  bodyId = (await call(server.url, null, 'GET', '/api/bodies')).body.items.find((b: any) => b.slug === slug).id;
  old = await importedRecording(server, clerk, { slug, title: 'Փակ խորհրդակցություն', date: '2020-01-10', seconds: 2, visibility: 'private' });
  published = await importedRecording(server, clerk, { slug, title: 'Բաց նիստ', date: '2020-01-10', seconds: 3, visibility: 'public' });
  held = await importedRecording(server, clerk, { slug, title: 'Պահված խորհրդակցություն', date: '2020-01-11', seconds: 4, visibility: 'private' });
  const put = await fetch(`${server.url}/api/archive/recordings/${old.recordingId}/captions/hy`, {
    method: 'PUT',
    headers: { cookie: archivist.cookie, 'x-csrf-token': archivist.csrfToken, 'content-type': 'text/vtt' },
    body: vtt,
  });
  expect(put.status, await put.text()).toBe(200);
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe('retention of recordings', () => {
  it('deletes nothing on a default install: no body has a rule until an admin sets one', async () => {
    const recordings = countRows(server.dataDir, 'recordings');
    expect((await call(server.url, clerk, 'GET', '/api/clerk/bodies')).body.items.every((b: any) => b.retentionDays === null)).toBe(true);
    expect(await sweep()).toEqual({ deleted: [], filesPending: 0 });
    expect(await scheduledOfBody(archivist)).toEqual([]);
    expect(countRows(server.dataDir, 'recordings')).toBe(recordings);
    expect(fs.existsSync(path.join(server.recordingsDir, String(old.sessionId), 'master.m3u8'))).toBe(true);
  });

  it.each([
    ['a negative number of days', { retentionDays: -5 }],
    ['zero days', { retentionDays: 0 }],
    ['a fraction of a day', { retentionDays: 1.5 }],
    ['text', { retentionDays: 'thirty' }],
    ['more than 100 years', { retentionDays: 40_000 }],
  ])('refuses %s as a rule with the field named, and changes nothing', async (_what, patch) => {
    const r = await checked('PATCH', '/api/clerk/bodies/{id}', `/api/clerk/bodies/${bodyId}`, admin, patch);
    expect(r.error.code).toBe('validation_failed');
    expect(r.error.issues.map((i: any) => i.path)).toContain('retentionDays');
    expect(db<{ retention_days: number | null }>('SELECT retention_days FROM bodies WHERE id = ?', bodyId)[0]!.retention_days).toBeNull();
  });

  it('refuses bad previews, holds of unknown recordings, and rules or sweeps from those who may not', async () => {
    for (const q of ['days=0', 'days=-1', 'days=abc', 'days=400', 'other=1']) {
      const r = await checked('GET', '/api/retention/scheduled', `/api/retention/scheduled?${q}`, archivist);
      expect(r.error.code, q).toBe('validation_failed');
      expect(r.error.issues.length, q).toBeGreaterThan(0);
    }
    expect((await checked('PUT', '/api/retention/holds/{recordingId}', '/api/retention/holds/999999', archivist)).error.code).toBe('not_found');
    expect((await checked('PUT', '/api/retention/holds/{recordingId}', '/api/retention/holds/abc', archivist)).error.issues.length).toBeGreaterThan(0);
    expect((await checked('DELETE', '/api/retention/holds/{recordingId}', '/api/retention/holds/999999', archivist)).error.code).toBe('not_found');
    // The body's clerk edits its names but not its rule (retention.set), and may not hold (recordings.manage).
    expect((await checked('PATCH', '/api/clerk/bodies/{id}', `/api/clerk/bodies/${bodyId}`, clerk, { retentionDays: 30 })).error.code).toBe('forbidden');
    expect((await checked('PUT', '/api/retention/holds/{recordingId}', `/api/retention/holds/${old.recordingId}`, clerk)).error.code).toBe('forbidden');
    expect((await checked('POST', '/api/retention/sweep', '/api/retention/sweep', archivist)).error.code).toBe('forbidden');
    expect((await call(server.url, null, 'GET', '/api/retention/scheduled')).status).toBe(401);
    expect(countRows(server.dataDir, 'recording_holds')).toBe(0);
    expect(db<{ retention_days: number | null }>('SELECT retention_days FROM bodies WHERE id = ?', bodyId)[0]!.retention_days).toBeNull();
  });

  it("lists a body's due private recordings once an admin sets its rule, and never its public ones", async () => {
    const saved = await checked('PATCH', '/api/clerk/bodies/{id}', `/api/clerk/bodies/${bodyId}`, admin, { retentionDays: 30 });
    expect(saved.retentionDays).toBe(30);
    expect(audit('body.retention', `body:${bodyId}`).map((a) => JSON.parse(a.details))).toEqual([{ from: null, to: 30 }]);
    const due = await scheduledOfBody(archivist);
    expect(due.map((d) => d.recordingId)).toEqual([old.recordingId, held.recordingId]);
    expect(due[0]).toMatchObject({ retentionDays: 30, dueAt: '2020-02-09T07:00:00.000Z', hold: null, session: { id: old.sessionId } });
  });

  it('keeps a held recording and says who held it; holding is audited', async () => {
    const hold = await checked('PUT', '/api/retention/holds/{recordingId}', `/api/retention/holds/${held.recordingId}`, archivist);
    expect(hold).toMatchObject({ recordingId: held.recordingId, heldBy: 'archivist' });
    // Holding again changes nothing.
    await checked('PUT', '/api/retention/holds/{recordingId}', `/api/retention/holds/${held.recordingId}`, archivist);
    expect(audit('recording.hold', `recording:${held.recordingId}`)).toHaveLength(1);
    expect((await scheduledOfBody(archivist)).find((d) => d.recordingId === held.recordingId).hold.heldBy).toBe('archivist');
  });

  it('deletes the due private recording with its rows, search rows, files and an audit entry; keeps the public and the held one', async () => {
    expect(db('SELECT 1 FROM caption_search WHERE recording_id = ?', old.recordingId).length).toBeGreaterThan(0);
    const result = await sweep();
    expect(result).toEqual({ deleted: [{ recordingId: old.recordingId, sessionId: old.sessionId }], filesPending: 0 });

    for (const table of ['recordings WHERE id', 'renditions WHERE recording_id', 'captions WHERE recording_id', 'chapters WHERE recording_id', 'caption_search WHERE recording_id']) {
      expect(db(`SELECT 1 FROM ${table} = ?`, old.recordingId), table).toEqual([]);
    }
    expect(fs.existsSync(path.join(server.recordingsDir, String(old.sessionId)))).toBe(false);
    // The session itself (its agenda, decisions, documents) is the record; only the recording goes.
    expect(db('SELECT 1 FROM sessions WHERE id = ?', old.sessionId)).toHaveLength(1);
    const [entry] = audit('recording.retention_delete', `recording:${old.recordingId}`);
    expect(entry!.account_id).toBeNull();
    expect(JSON.parse(entry!.details)).toMatchObject({ sessionId: old.sessionId, bodyId, rule: `body:${bodyId} retentionDays=30` });
    expect((await checked('GET', '/api/clerk/sessions/{id}', `/api/clerk/sessions/${old.sessionId}`, clerk)).recordingId).toBeNull();

    for (const kept of [published, held]) {
      expect(db('SELECT 1 FROM recordings WHERE id = ?', kept.recordingId)).toHaveLength(1);
      expect(fs.existsSync(path.join(server.recordingsDir, String(kept.sessionId), 'master.m3u8'))).toBe(true);
    }
    expect((await scheduledOfBody(archivist)).map((d) => d.recordingId)).toEqual([held.recordingId]);
  });

  it('deletes a held recording once it is released; releasing is audited', async () => {
    expect(await checked('DELETE', '/api/retention/holds/{recordingId}', `/api/retention/holds/${held.recordingId}`, archivist)).toBeNull();
    expect(audit('recording.release', `recording:${held.recordingId}`)).toHaveLength(1);
    expect((await sweep()).deleted).toEqual([{ recordingId: held.recordingId, sessionId: held.sessionId }]);
    expect(fs.existsSync(path.join(server.recordingsDir, String(held.sessionId)))).toBe(false);
    expect(db('SELECT 1 FROM recordings WHERE id = ?', published.recordingId)).toHaveLength(1);
    expect(await scheduledOfBody(archivist)).toEqual([]);
  });
});
