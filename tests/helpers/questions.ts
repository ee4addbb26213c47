import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Login } from './auth.js';
import type { TestServer } from './server.js';
import { connect, type Client } from './signaling.js';

export const newClientId = () => randomBytes(16).toString('base64url');

/** A browser's page sockets (every namespace, one connection): its client id rides on the handshake, its login (if any) in the cookie. */
export function connectBrowser(url: string, options: { clientId?: string; auth?: Login | null; headers?: Record<string, string> } = {}): Promise<Client> {
  return connect(url, options.auth, { clientId: options.clientId, headers: options.headers });
}

/** POST a question as a browser with `clientId`. */
export async function ask(
  server: TestServer,
  sessionId: number | string,
  body: unknown,
  clientId?: string,
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (clientId) headers['x-nist-client'] = clientId;
  const res = await fetch(`${server.url}/api/sessions/${sessionId}/questions`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Records that nothing arrives on `event` for `ms`. */
export function silence(socket: Client, event: string, ms = 300): Promise<unknown[]> {
  const got: unknown[] = [];
  const listener = (e: unknown) => got.push(e);
  socket.on(event, listener);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off(event, listener);
      resolve(got);
    }, ms),
  );
}

/** Writes to the test server's database (the server reads per request), e.g. a recording in progress. */
export function writeServerDb<T>(server: TestServer, fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(server.dataDir, 'nist.db'));
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

export function addRecordingInProgress(server: TestServer, sessionId: number, startedAgoSec: number): number {
  return writeServerDb(server, (db) =>
    Number(
      db
        .prepare(`INSERT INTO recordings (session_id, status, started_at, hls_path) VALUES (?, 'recording', ?, ?)`)
        .run(sessionId, new Date(Date.now() - startedAgoSec * 1000).toISOString(), `${sessionId}/index.m3u8`).lastInsertRowid,
    ),
  );
}

/**
 * The next residents' feed event named `event` matching `filter`, whether it came on its own or inside a
 * `questions:batch` (the server coalesces a busy session's events).
 */
export function feedEvent<T = any>(socket: Client, event: string, filter: (e: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const done = (e: T) => {
      socket.off(event, single);
      socket.off('questions:batch', batch);
      resolve(e);
    };
    const single = (e: T) => filter(e) && done(e);
    const batch = (events: [string, T][]) => {
      const hit = events.find(([name, e]) => name === event && filter(e));
      if (hit) done(hit[1]);
    };
    socket.on(event, single);
    socket.on('questions:batch', batch);
  });
}

/** Every residents' feed event named `event` within `ms`, single or batched. */
export function feedSilence(socket: Client, event: string, ms = 300): Promise<unknown[]> {
  const got: unknown[] = [];
  const single = (e: unknown) => got.push(e);
  const batch = (events: [string, unknown][]) => events.forEach(([name, e]) => name === event && got.push(e));
  socket.on(event, single);
  socket.on('questions:batch', batch);
  return new Promise((resolve) =>
    setTimeout(() => {
      socket.off(event, single);
      socket.off('questions:batch', batch);
      resolve(got);
    }, ms),
  );
}
