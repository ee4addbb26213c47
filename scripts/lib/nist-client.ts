import { io, type Socket } from 'socket.io-client';
import type { AckOf, ClientToServer, PayloadOf, ReplyOf, RequestName, ServerToClient } from '../../server/core/socket/contract.js';
import type { liveContract } from '../../server/live/live.contract.js';

type Live = typeof liveContract;
type LiveSocket = Socket<ServerToClient<Live>, ClientToServer<Live>>;
type Request = <N extends RequestName<Live>>(event: N, payload: PayloadOf<Live, N>) => Promise<ReplyOf<Live, N>>;

/** A staff login and `/live` socket to a running Nist server, as the web app has them; requests typed by its table. */
export type NistClient = { socket: LiveSocket; request: Request; close: () => void };

export class NistRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function loginAndConnect(baseUrl: string, username: string, password: string): Promise<NistClient> {
  let res: Response;
  try {
    res = await fetch(new URL('/api/auth/login', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (error) {
    throw new Error(`Cannot reach the Nist server at ${baseUrl}: ${(error as Error).cause ?? (error as Error).message}. Is it running?`);
  }
  if (res.status !== 200) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`Login as ${username} failed: ${body?.error?.message ?? `HTTP ${res.status}`}`);
  }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  // The broadcast's requests and the publisher's recording alarms ride on /live.
  const socket: LiveSocket = io(new URL('/live', baseUrl).href, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie, origin: new URL(baseUrl).origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(new Error(`Cannot open the signaling connection: ${e.message}`)));
  });
  const request: Request = async (event, payload) => {
    // socket.io's typed emitWithAck cannot infer through a generic event name: the table's ack, asserted.
    const untyped = socket.timeout(15_000) as { emitWithAck: (e: string, p: unknown) => Promise<unknown> };
    const ack = (await untyped.emitWithAck(event, payload)) as AckOf<Live, typeof event>;
    if (!ack.ok) throw new NistRequestError(ack.error.code, ack.error.message);
    return ack.data;
  };
  return { socket, request, close: () => socket.disconnect() };
}
