import path from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/core/common.contract.js';
import type { Login } from './auth.js';
import type { TestServer } from './server.js';

export type Client = Socket;

/** A socket.io client as a browser on the server's own origin would connect, logged in or not. */
export async function connect(url: string, auth?: Login | null): Promise<Client> {
  const socket = io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin: url, ...(auth ? { cookie: auth.cookie } : {}) },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export function request<T = any>(socket: Client, event: string, payload?: unknown): Promise<Ack<T>> {
  return payload === undefined ? socket.timeout(10_000).emitWithAck(event) : socket.timeout(10_000).emitWithAck(event, payload);
}

/** The data of a successful ack; throws with the error otherwise. */
export async function ok<T = any>(socket: Client, event: string, payload?: unknown): Promise<T> {
  const ack = await request<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

export function nextEvent<T = any>(socket: Client, event: string, filter: (e: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (e: T) => {
      if (!filter(e)) return;
      socket.off(event, listener);
      resolve(e);
    };
    socket.on(event, listener);
  });
}

/** The ids the demo seed logged. */
export function demoIds(server: TestServer): { scheduledSessionId: number; endedSessionId: number; meetingSessionId: number; councilId: number } {
  const entry = server.logs.find((l) => l.msg === 'demo content created');
  if (!entry) throw new Error('the server did not seed demo content');
  return entry as never;
}

/** Adds a session to the test server's database (the server reads it per request). */
export function addSession(
  server: TestServer,
  input: { kind?: 'council' | 'meeting'; status?: 'scheduled' | 'live' | 'ended'; visibility?: 'public' | 'private'; bodySlug?: string } = {},
): number {
  const db = new Database(path.join(server.dataDir, 'nist.db'));
  try {
    const bodyId = db.prepare('SELECT id FROM bodies WHERE slug = ?').pluck().get(input.bodySlug ?? 'ashtarak-council');
    const kind = input.kind ?? 'council';
    return Number(
      db
        .prepare(
          `INSERT INTO sessions (body_id, kind, title, starts_at, location, status, visibility)
           VALUES (?, ?, ?, ?, '', ?, ?)`,
        )
        .run(bodyId, kind, `Test ${kind}`, new Date(Date.now() + 3_600_000).toISOString(), input.status ?? 'scheduled', input.visibility ?? (kind === 'meeting' ? 'private' : 'public'))
        .lastInsertRowid,
    );
  } finally {
    db.close();
  }
}
