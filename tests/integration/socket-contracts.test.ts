import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Manager, type Socket } from 'socket.io-client';
import { socketContracts } from '../../server/core/socket/namespaces.js';
import { login, type Login } from '../helpers/auth.js';
import { queryServerDb } from '../helpers/db.js';
import { errorShape } from '../helpers/errors.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { addSession, connect, demoIds, ok, request } from '../helpers/signaling.js';

let server: TestServer;
let admin: Login;
const managers: Manager[] = [];

beforeAll(async () => {
  server = await startServer();
  admin = await login(server, 'admin');
});
afterAll(async () => {
  for (const m of managers) m.engine?.close();
  await server?.stop();
});

/** Sockets on every namespace over one connection, as a page opens them. */
async function open(auth: Login | null): Promise<Map<string, Socket>> {
  const manager = new Manager(server.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { origin: server.url, ...(auth ? { cookie: auth.cookie } : {}) },
  });
  managers.push(manager);
  const sockets = new Map(socketContracts.map((c) => [c.name as string, manager.socket(c.name)]));
  await Promise.all([...sockets.values()].map((s) => new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject))));
  return sockets;
}

describe('socket contracts: every request of every table has a handler on its namespace', () => {
  for (const who of ['resident', 'admin'] as const) {
    it(`answers each request with a bad payload with an error ack, never silence (${who})`, async () => {
      const sockets = await open(who === 'admin' ? admin : null);
      for (const contract of socketContracts) {
        const socket = sockets.get(contract.name)!;
        for (const name of Object.keys(contract.requests)) {
          const ack = await socket
            .timeout(5000)
            .emitWithAck(name, 'not a payload')
            .catch(() => ({ ok: 'timeout' }));
          expect(ack, `${contract.name} ${name}`).toMatchObject({ ok: false });
          expect(['validation_failed', 'forbidden', 'unauthorized'], `${contract.name} ${name}`).toContain(ack.error.code);
        }
      }
      for (const s of sockets.values()) s.disconnect();
    });
  }

  it('names what is wrong in the issues of every validation failure, as an HTTP 400 does', async () => {
    const sockets = await open(admin);
    let refused = 0;
    for (const contract of socketContracts) {
      for (const name of Object.keys(contract.requests)) {
        const ack = await sockets.get(contract.name)!.timeout(5000).emitWithAck(name, { unexpected: true });
        if (ack.error?.code !== 'validation_failed') continue;
        refused += 1;
        expect(ack.error, `${contract.name} ${name}`).toEqual(errorShape(ack.error));
      }
    }
    expect(refused).toBeGreaterThan(0);
    for (const s of sockets.values()) s.disconnect();
  });

  it('names the field a service refuses in the ack’s issues (an agenda item of another session)', async () => {
    const id = addSession(server);
    const foreign = queryServerDb<{ id: number }>(server.dataDir, 'SELECT id FROM agenda_items WHERE session_id = ? LIMIT 1', demoIds(server).scheduledSessionId)[0]!.id;
    const operator = await connect(server.url, await login(server, 'operator'));
    await ok(operator, 'session:go-live', { sessionId: id });
    const ack = await request(operator, 'agenda:activate', { sessionId: id, agendaItemId: foreign });
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed', issues: [{ path: 'agendaItemId', code: 'custom' }] } });
    operator.disconnect();
  });

  it('has no handler for a request of another namespace (each name lives on its own namespace)', async () => {
    const sockets = await open(admin);
    for (const contract of socketContracts) {
      const other = socketContracts.find((c) => c !== contract)!;
      const name = Object.keys(other.requests)[0]!;
      if (name in contract.requests) continue;
      const ack = await sockets
        .get(contract.name)!
        .timeout(500)
        .emitWithAck(name, {})
        .then(() => 'answered')
        .catch(() => 'no handler');
      expect(ack, `${name} on ${contract.name}`).toBe('no handler');
    }
  });

  it('refuses a cross-origin handshake on every namespace', async () => {
    for (const contract of socketContracts) {
      const manager = new Manager(server.url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'https://evil.example' } });
      managers.push(manager);
      const socket = manager.socket(contract.name);
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message, contract.name).toContain('cross-origin');
      socket.disconnect();
    }
  });
});
