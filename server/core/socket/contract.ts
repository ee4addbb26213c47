import type { z } from 'zod';
import type { ErrorCode, Issue } from '../common.contract.js';

/**
 * One table per socket.io namespace: each request's payload schema, reply schema and whether it is ordered
 * (see ack.ts), and each event the server sends with its payload schema. The server's registration, the web
 * client's typed calls and every TypeScript type of the socket derive from it. Replies and events the server
 * builds itself are `z.custom<T>()`: typed, not validated again at run time.
 */
export type RequestSpec = {
  payload: z.ZodType;
  reply: z.ZodType;
  /** Run after this socket's earlier ordered requests (a client may pipeline join, then create-transport). */
  ordered?: true;
  /** Extra fields an error ack may carry (a stale moderation action's `current` question). */
  errorDetail?: z.ZodType;
};
export type NamespaceContract = {
  name: `/${string}`;
  requests: Record<string, RequestSpec>;
  events: Record<string, z.ZodType>;
};

/** Declares a namespace's table; the literal types are kept, so every name and schema types the code using it. */
export function defineNamespace<const C extends NamespaceContract>(contract: C): C {
  return contract;
}

export type RequestName<C extends NamespaceContract> = keyof C['requests'] & string;
export type EventName<C extends NamespaceContract> = keyof C['events'] & string;
/** What a client sends (the schema's input: ids may still be strings the schema coerces). */
export type PayloadOf<C extends NamespaceContract, N extends RequestName<C>> = z.input<C['requests'][N]['payload']>;
/** What the handler receives: the validated payload. */
export type InputOf<C extends NamespaceContract, N extends RequestName<C>> = z.output<C['requests'][N]['payload']>;
export type ReplyOf<C extends NamespaceContract, N extends RequestName<C>> = z.output<C['requests'][N]['reply']>;
type ErrorDetailOf<S> = S extends { errorDetail: z.ZodType } ? Partial<z.output<S['errorDetail']>> : unknown;
export type AckOf<C extends NamespaceContract, N extends RequestName<C>> =
  | { ok: true; data: ReplyOf<C, N> }
  | { ok: false; error: { code: ErrorCode; message: string; issues?: Issue[] } & ErrorDetailOf<C['requests'][N]> };
export type EventOf<C extends NamespaceContract, E extends EventName<C>> = z.output<C['events'][E]>;

/** socket.io's event maps for the namespace, for `Socket<ServerToClient<C>, ClientToServer<C>>` on the client. */
export type ClientToServer<C extends NamespaceContract> = {
  [N in RequestName<C>]: (payload: PayloadOf<C, N>, ack: (reply: AckOf<C, N>) => void) => void;
};
export type ServerToClient<C extends NamespaceContract> = { [E in EventName<C>]: (event: EventOf<C, E>) => void };

/** A handler per request: the validated payload in, the reply (or a thrown DomainError) out. */
export type Handler<C extends NamespaceContract, N extends RequestName<C>> = (input: InputOf<C, N>) => Promise<ReplyOf<C, N>> | ReplyOf<C, N>;
export type Handlers<C extends NamespaceContract> = { [N in RequestName<C>]: Handler<C, N> };
