import type { Namespace, Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { ClientToServer, Handler, NamespaceContract, RequestName, RequestSpec, ServerToClient } from './contract.js';
import { MediaError } from '../../../media/sfu/errors.js';
import { describeIssues, toIssues, type Ack, type ErrorCode } from '../common.contract.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Maps a thrown error to an ack: domain and media errors keep their code, anything else is logged. */
export function toAckError(error: unknown, log: Logger, event: string): Extract<Ack<never>, { ok: false }> {
  if (error instanceof DomainError && error.issues?.length) {
    return { ok: false, error: { code: error.code, message: error.message, issues: [...error.issues] } };
  }
  if (error instanceof DomainError || error instanceof MediaError) {
    return { ok: false, error: { code: error.code as ErrorCode, message: error.message } };
  }
  log.error({ err: error, event }, 'socket request failed');
  return { ok: false, error: { code: 'internal', message: 'Something went wrong on the server. The problem was logged.' } };
}

/** Per socket: the tail of its ordered requests (see `ordered` below). */
const queues = new WeakMap<Socket, Promise<unknown>>();

/**
 * Registers one request handler: the payload is validated with `schema`, the handler's result is acked
 * `{ ok: true, data }`, and every failure `{ ok: false, error }`. A request without an ack callback is dropped.
 * With `ordered`, the socket's ordered requests run one after another in the order they arrived, so a client
 * may send a request that needs an earlier one's effect (join, then create a transport) without waiting for
 * its reply: one round trip instead of two.
 */
export function onRequest<S extends z.ZodType, T>(
  socket: Socket,
  event: string,
  schema: S,
  handler: (input: z.output<S>) => Promise<T> | T,
  log: Logger,
  ordered = false,
  errorDetail?: (error: unknown) => object | undefined,
): void {
  socket.on(event, (...args: unknown[]) => {
    if (!ordered) return void handle(...args);
    const run = (queues.get(socket) ?? Promise.resolve()).then(() => handle(...args));
    queues.set(socket, run.catch(() => undefined));
  });
  const handle = async (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const payload = args.length > 1 ? args[0] : {};
    const reply = ack as (r: Ack<T>) => void;
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'validation_failed', message: describeIssues(parsed.error), issues: toIssues(parsed.error) } });
      return;
    }
    try {
      reply({ ok: true, data: await handler(parsed.data) });
    } catch (error) {
      const base = toAckError(error, log, event);
      const detail = errorDetail?.(error);
      reply(detail ? { ok: false, error: { ...base.error, ...detail } } : base);
    }
  };
}

/** A namespace typed by its contract table (see contract.ts). */
export type ContractNamespace<C extends NamespaceContract, D = unknown> = Namespace<ClientToServer<C>, ServerToClient<C>, Record<string, never>, D>;
export type ContractSocket<C extends NamespaceContract, D = unknown> = Socket<ClientToServer<C>, ServerToClient<C>, Record<string, never>, D>;

/**
 * The namespace of a contract on the one socket.io server. socket.io types a namespace by its server's event
 * maps; one server carries several namespaces with different tables, so the table's maps are asserted here.
 */
export function namespaceOf<C extends NamespaceContract, D = unknown>(io: Server, contract: C): ContractNamespace<C, D> {
  return io.of(contract.name) as unknown as ContractNamespace<C, D>;
}

/** Per namespace: the request names some handler registered (the socket-contracts test compares them with the tables). */
const registered = new Map<string, Set<string>>();
export const registeredRequests = (namespace: string): string[] => [...(registered.get(namespace) ?? [])].sort();

/**
 * Registers handlers of one socket for the requests of its namespace's table: only the table's names are
 * accepted, the payload is validated with the table's schema (`onRequest`), the handler is typed from it, and
 * the table's `ordered` applies. `errorDetail` adds fields to an error ack (the table's `errorDetail`).
 */
export function contractRegistrar<C extends NamespaceContract>(contract: C, socket: ContractSocket<C, unknown> | Socket, log: Logger) {
  const names = registered.get(contract.name) ?? new Set<string>();
  registered.set(contract.name, names);
  return <N extends RequestName<C>>(name: N, handler: Handler<C, N>, options: { errorDetail?: (error: unknown) => object | undefined } = {}) => {
    const spec: RequestSpec | undefined = contract.requests[name];
    if (!spec) throw new Error(`${contract.name} has no request ${name}`);
    names.add(name);
    // The payload schema is the table's own: what it outputs is the handler's input.
    const run = handler as (input: unknown) => unknown;
    onRequest(socket as Socket, name, spec.payload, run, log, spec.ordered === true, options.errorDetail);
  };
}
