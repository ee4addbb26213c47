import { io, type Socket } from 'socket.io-client';
import { socketOptions } from '../socket-options';
import type { Ack, ErrorCode } from '@server/core/common.contract';
import type { ClientToServerEvents, ServerToClientEvents } from '@server/live/live.contract';

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type RequestName = keyof ClientToServerEvents;
type PayloadOf<E extends RequestName> = Parameters<ClientToServerEvents[E]>[0];
type ReplyOf<E extends RequestName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never;

export class SignalingError extends Error {
  override readonly name = 'SignalingError';
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

/** The page's socket to the server (see socket-options.ts); the login cookie rides on the handshake, so identity never travels in a payload. */
export function openSignaling(): SignalingSocket {
  return io(socketOptions);
}

/** Sends a request and resolves with its data; an error ack or a timeout rejects with a SignalingError. */
export async function request<E extends RequestName>(socket: SignalingSocket, event: E, payload: PayloadOf<E>): Promise<ReplyOf<E>> {
  let ack: Ack<ReplyOf<E>>;
  try {
    // socket.io's typed emitWithAck cannot infer through the generic event name.
    ack = await (socket.timeout(10_000) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<Ack<ReplyOf<E>>> }).emitWithAck(event, payload);
  } catch {
    throw new SignalingError('timeout', 'The server did not answer in time.');
  }
  if (!ack.ok) throw new SignalingError(ack.error.code, ack.error.message);
  return ack.data;
}
