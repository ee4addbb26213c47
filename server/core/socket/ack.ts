import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { MediaError } from '../../../media/sfu/errors.js';
import { describeIssues, type Ack, type ErrorCode } from '../common.contract.js';
import { DomainError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Maps a thrown error to an ack: domain and media errors keep their code, anything else is logged. */
export function toAckError(error: unknown, log: Logger, event: string): Extract<Ack<never>, { ok: false }> {
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
      reply({ ok: false, error: { code: 'validation_failed', message: describeIssues(parsed.error) } });
      return;
    }
    try {
      reply({ ok: true, data: await handler(parsed.data) });
    } catch (error) {
      reply(toAckError(error, log, event));
    }
  };
}

/** `onRequest` bound to one socket and logger; `ordered` as there, for every handler it registers. */
export function requestRegistrar(socket: Socket, log: Logger, options: { ordered?: boolean } = {}) {
  return <S extends z.ZodType, T>(event: string, schema: S, handler: (input: z.output<S>) => Promise<T> | T) =>
    onRequest(socket, event, schema, handler, log, options.ordered);
}
