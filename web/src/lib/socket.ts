import { Manager, type Socket, type SocketOptions } from 'socket.io-client';
import type { ErrorCode } from '@server/core/common.contract';
import type { AckOf, ClientToServer, NamespaceContract, PayloadOf, ReplyOf, RequestName, ServerToClient } from '@server/core/socket/contract';
import type { civicContract } from '@server/civic/civic.contract';
import type { jobsContract } from '@server/jobs/jobs.contract';
import type { liveContract } from '@server/live/live.contract';
import type { questionsContract } from '@server/questions/questions.contract';
import type { alarmsContract } from '@server/recording/alarms.contract';
import type { liveCaptionsContract } from '@server/captions/live-captions.contract';
import { socketOptions } from './socket-options';

/** The server's namespaces by name, from their contract tables (types only: no zod in the page). */
type Namespaces = {
  '/live': typeof liveContract;
  '/questions': typeof questionsContract;
  '/civic': typeof civicContract;
  '/jobs': typeof jobsContract;
  '/alarms': typeof alarmsContract;
  '/captions': typeof liveCaptionsContract;
};
export type NamespaceName = keyof Namespaces;
/** A socket typed by its namespace's table. */
export type ContractClient<C extends NamespaceContract> = Socket<ServerToClient<C>, ClientToServer<C>>;
export type NamespaceSocket<N extends NamespaceName> = ContractClient<Namespaces[N]>;

let manager: Manager | null = null;
/** The sockets handed out on the page's Manager, by namespace (one per namespace: socket.io's rule). */
const handed = new Map<string, Socket>();

/**
 * The page's socket on namespace `ns`. Every namespace rides on the page's one connection (one Manager, so
 * one WebSocket, with the options of socket-options.ts); the login cookie rides on its handshake, so identity
 * never travels in a payload. `auth` is the namespace's own handshake data (the questions' client id).
 * A namespace has one socket per Manager: its owner ends it with `disconnect()`, and the next caller gets it
 * afresh (without the old owner's listeners). While its owner still holds it, a second caller (a live player
 * starting WebRTC again before closing the old client) gets a socket on a connection of its own.
 */
export function socketFor<N extends NamespaceName>(ns: N, options: Pick<Partial<SocketOptions>, 'auth'> = {}): NamespaceSocket<N> {
  manager ??= new Manager(socketOptions);
  if (handed.get(ns)?.active) return new Manager(socketOptions).socket(ns, options);
  const socket: NamespaceSocket<N> = manager.socket(ns, options);
  if (handed.has(ns)) socket.removeAllListeners();
  handed.set(ns, socket);
  if (!socket.active) socket.connect();
  return socket;
}

export class SocketRequestError extends Error {
  override readonly name = 'SocketRequestError';
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

type Untyped = { emitWithAck: (event: string, payload: unknown) => Promise<unknown> };

/** Sends a request and resolves with its ack, success or error; a timeout rejects with a SocketRequestError. */
export async function requestAck<C extends NamespaceContract, N extends RequestName<C>>(
  socket: ContractClient<C>,
  name: N,
  payload: PayloadOf<C, N>,
  timeoutMs = 10_000,
): Promise<AckOf<C, N>> {
  try {
    // The one cast of the page: socket.io's typed emitWithAck cannot infer through a generic event name.
    return (await (socket.timeout(timeoutMs) as unknown as Untyped).emitWithAck(name, payload)) as AckOf<C, N>;
  } catch {
    throw new SocketRequestError('timeout', 'The server did not answer in time.');
  }
}

/** Sends a request and resolves with its data; an error ack or a timeout rejects with a SocketRequestError. */
export async function request<C extends NamespaceContract, N extends RequestName<C>>(
  socket: ContractClient<C>,
  name: N,
  payload: PayloadOf<C, N>,
): Promise<ReplyOf<C, N>> {
  const ack = await requestAck(socket, name, payload);
  if (!ack.ok) throw new SocketRequestError(ack.error.code, ack.error.message);
  return ack.data;
}
