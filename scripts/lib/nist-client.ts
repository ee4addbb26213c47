import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../server/core/common.contract.js';

/** A staff login and socket to a running Nist server, as the web app has them. */
export type NistClient = { socket: Socket; request: <T>(event: string, payload: unknown) => Promise<T>; close: () => void };

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
  const socket = io(new URL('/live', baseUrl).href, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { cookie, origin: new URL(baseUrl).origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(new Error(`Cannot open the signaling connection: ${e.message}`)));
  });
  const request = async <T>(event: string, payload: unknown): Promise<T> => {
    const ack = (await socket.timeout(15_000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new NistRequestError(ack.error.code, ack.error.message);
    return ack.data;
  };
  return { socket, request, close: () => socket.disconnect() };
}
