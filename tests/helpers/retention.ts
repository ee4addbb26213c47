import { expect } from 'vitest';
import { call, type Login } from './auth.js';
import { generateClip } from './fixtures.js';
import { importCli } from './import-cli.js';
import type { TestServer } from './server.js';

/** The demo council: the demo's staff (but the admin) hold their roles for it alone. */
export const demoCouncil = 'ashtarak-council';

/**
 * Fixtures of the retention tests: recordings imported through the real `npm run import`, dated by `--date`
 * (the recording's `started_at` is the session's day), which is what makes one "older than N days" without a
 * clock of the test's own.
 */

/**
 * Imports a distinct small clip (`seconds` makes it distinct: the import skips a file it already has) as a
 * session of `slug` on `date`, made private unless `visibility` says public; returns its ids.
 */
export async function importedRecording(
  server: TestServer,
  clerk: Login,
  o: { slug: string; title: string; date: string; seconds: number; visibility: 'public' | 'private' },
): Promise<{ sessionId: number; recordingId: number }> {
  const clip = await generateClip({ seconds: o.seconds, width: 320, height: 180 });
  const r = await importCli(server, [clip, '--body', o.slug, '--title', o.title, '--date', o.date]);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
  const sessionId = Number(r.stdout.trim().split('\n').at(-1));
  if (o.visibility === 'private') {
    const hidden = await call(server.url, clerk, 'PATCH', `/api/clerk/sessions/${sessionId}`, { visibility: 'private' });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(200);
  }
  const detail = await call(server.url, clerk, 'GET', `/api/clerk/sessions/${sessionId}`);
  return { sessionId, recordingId: detail.body.recordingId as number };
}
