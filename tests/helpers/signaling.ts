import path from 'node:path';
import Database from 'better-sqlite3';
import { Manager, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/core/common.contract.js';
import { socketContracts } from '../../server/core/socket/namespaces.js';
import type { Login } from './auth.js';
import type { TestServer } from './server.js';

type Listener = (...args: any[]) => void;
type Emitter = Pick<Socket, 'on' | 'off' | 'timeout'>;
const reserved = new Set(['connect', 'disconnect', 'connect_error']);

/**
 * A test client as a browser page: one connection (one socket.io Manager) with a socket per namespace of
 * the server's contract tables; each request goes to the namespace whose table names it, each event is
 * heard on the namespaces that send it. As a resident's session page does, watching a session
 * (`session:watch` on /live) also follows its civic record (`civic:follow` on /civic).
 */
export class Client {
  constructor(
    readonly manager: Manager,
    private readonly sockets: Map<string, Socket>,
  ) {}

  /** The /live socket's id: the peer id other participants see. */
  get id(): string | undefined {
    return this.live.id;
  }

  get connected(): boolean {
    return this.live.connected;
  }

  private get live(): Socket {
    return this.sockets.get('/live')!;
  }

  private forRequest(event: string): Socket {
    const contract = socketContracts.find((c) => event in c.requests);
    return contract ? this.sockets.get(contract.name)! : this.live;
  }

  private forEvent(event: string): Socket[] {
    if (reserved.has(event)) return [this.live];
    const named = socketContracts.filter((c) => event in c.events).map((c) => this.sockets.get(c.name)!);
    return named.length ? named : [...this.sockets.values()];
  }

  emit(event: string, ...args: unknown[]): this {
    this.forRequest(event).emit(event, ...args);
    return this;
  }

  timeout(ms: number): { emitWithAck: (event: string, ...args: unknown[]) => Promise<any> } {
    return {
      emitWithAck: async (event, ...args) => {
        const reply = this.forRequest(event).timeout(ms).emitWithAck(event, ...args);
        if (event === 'session:watch') await this.sockets.get('/civic')!.timeout(ms).emitWithAck('civic:follow', ...args).catch(() => undefined);
        return reply;
      },
    };
  }

  on(event: string, listener: Listener): this {
    for (const s of this.forEvent(event)) s.on(event, listener);
    return this;
  }

  off(event: string, listener: Listener): this {
    for (const s of this.forEvent(event)) s.off(event, listener);
    return this;
  }

  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.off(event, once);
      listener(...args);
    };
    return this.on(event, once);
  }

  disconnect(): this {
    for (const s of this.sockets.values()) s.disconnect();
    return this;
  }
}

/** A socket.io client as a browser on the server's own origin would connect, logged in or not. */
export async function connect(url: string, auth?: Login | null, options: { clientId?: string; headers?: Record<string, string> } = {}): Promise<Client> {
  const manager = new Manager(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin: url, ...(auth ? { cookie: auth.cookie } : {}), ...options.headers },
  });
  return openNamespaces(manager, socketContracts.map((c) => c.name), options.clientId);
}

/**
 * Opens `namespaces` over one manager's connection, as a page does, and waits until each has connected (a
 * refused handshake rejects). The browser's client id rides on each namespace's handshake (questions count by it).
 */
export async function openNamespaces(manager: Manager, namespaces: readonly string[], clientId?: string): Promise<Client> {
  const handshake = { auth: clientId ? { client: clientId } : {} };
  const sockets = new Map(namespaces.map((ns) => [ns, manager.socket(ns, handshake)]));
  await Promise.all(
    [...sockets.values()].map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        }),
    ),
  );
  return new Client(manager, sockets);
}

export function request<T = any>(socket: Client | Emitter, event: string, payload?: unknown): Promise<Ack<T>> {
  return payload === undefined ? socket.timeout(10_000).emitWithAck(event) : socket.timeout(10_000).emitWithAck(event, payload);
}

/** The data of a successful ack; throws with the error otherwise. */
export async function ok<T = any>(socket: Client | Emitter, event: string, payload?: unknown): Promise<T> {
  const ack = await request<T>(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

export function nextEvent<T = any>(socket: Client | Emitter, event: string, filter: (e: T) => boolean = () => true): Promise<T> {
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
