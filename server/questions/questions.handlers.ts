import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { describeIssues } from '../core/common.contract.js';
import {
  answerRequestSchema,
  approveRequestSchema,
  clientIdSchema,
  editRequestSchema,
  mergeRequestSchema,
  moderationChannel,
  pinRequestSchema,
  rejectRequestSchema,
  sessionChannel,
  subscribeRequestSchema,
  voteRequestSchema,
  type ModerationAck,
  type ModerationReply,
  type QuestionsClientEvents,
  type QuestionsServerEvents,
} from './questions.contract.js';
import { anonymous } from '../accounts/authorization.js';
import type { Asker } from './client-fingerprint.js';
import type { SessionId } from '../core/ids.js';
import { StaleQuestionError, type ModerationResult } from './question-moderation.service.js';
import { toModeration } from './question-views.js';
import type { Questions } from './module.js';
import type { Logger } from '../core/logger.js';
import { requestRegistrar, toAckError } from '../core/socket/ack.js';
import { clientAddress, compileTrust, type TrustProxy } from '../core/http/client-address.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { bridgeQuestionEvents, askerChannel } from './questions.broadcasts.js';

type Trust = ReturnType<typeof compileTrust>;
type QuestionsSocket = Socket<QuestionsClientEvents, QuestionsServerEvents, Record<string, never>, SocketData>;
export type QuestionsServer = Server<QuestionsClientEvents, QuestionsServerEvents, Record<string, never>, SocketData>;

/** Mounts citizen questions on socket.io: residents' feed and votes, moderators' queue and actions. */
export function attachQuestions(
  io: Server,
  questions: Questions,
  log: Logger,
  options: { feedBatchMs?: number; trustProxy?: TrustProxy } = {},
): void {
  const trust = compileTrust(options.trustProxy ?? ['loopback']);
  const typed = io as unknown as QuestionsServer;
  bridgeQuestionEvents(typed, questions.events, options.feedBatchMs);
  typed.on('connection', (socket) => registerQuestionHandlers(socket, questions, log, trust));
}


/** The browser's client id comes with the handshake (`auth.client`), like the login cookie, never in a request. */
function askerOf(socket: Socket, questions: Questions, trust: Trust): Asker {
  const raw = (socket.handshake.auth as { client?: unknown } | undefined)?.client;
  const parsed = clientIdSchema.safeParse(raw);
  // Behind a trusted proxy (TRUST_PROXY), the address it forwarded; as express's req.ip for requests.
  const address = clientAddress(socket.request, trust);
  return { fingerprint: questions.fingerprints.of(parsed.success ? parsed.data : undefined, address), address };
}

function registerQuestionHandlers(socket: QuestionsSocket, questions: Questions, parentLog: Logger, trust: Trust): void {
  const log = parentLog.child({ peerId: socket.id });
  const on = requestRegistrar(socket as unknown as Socket, log);
  const principal = () => socket.data.principal ?? anonymous;
  const asker = askerOf(socket as unknown as Socket, questions, trust);

  on('questions:subscribe', subscribeRequestSchema, async ({ sessionId }) => {
    const items = questions.residents.listPublic(sessionId as SessionId, principal());
    await socket.join([sessionChannel(sessionId), askerChannel(asker.fingerprint)]);
    return { items, voted: questions.residents.votedBy(sessionId as SessionId, asker) };
  });

  on('questions:vote', voteRequestSchema, ({ questionId }) => {
    const { question } = questions.residents.vote(questionId, asker, principal());
    return { questionId: question.id, votes: question.votes };
  });

  on('moderation:subscribe', subscribeRequestSchema, async ({ sessionId }) => {
    const items = questions.moderation.queue(principal(), sessionId as SessionId).map(toModeration);
    await socket.join(moderationChannel(sessionId));
    return { items };
  });

  const moderate = <S extends z.ZodType>(event: string, schema: S, handler: (input: z.output<S>) => ModerationResult) =>
    onModeration(socket, event, schema, handler, log);
  const m = questions.moderation;
  moderate('moderation:approve', approveRequestSchema, (r) => m.approve(principal(), r));
  moderate('moderation:reject', rejectRequestSchema, (r) => m.reject(principal(), r));
  moderate('moderation:edit', editRequestSchema, (r) => m.edit(principal(), r));
  moderate('moderation:merge', mergeRequestSchema, (r) => m.merge(principal(), r));
  moderate('moderation:pin', pinRequestSchema, (r) => m.pin(principal(), r));
  moderate('moderation:answer', answerRequestSchema, (r) => m.answer(principal(), r));
}

/**
 * Like `onRequest`, for moderator actions: a stale action's `conflict` ack also carries the question's
 * current state, so the moderator's screen can catch up without asking again.
 */
function onModeration<S extends z.ZodType>(
  socket: QuestionsSocket,
  event: string,
  schema: S,
  handler: (input: z.output<S>) => ModerationResult,
  log: Logger,
): void {
  (socket as unknown as Socket).on(event, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') return;
    const reply = ack as (r: ModerationAck<ModerationReply>) => void;
    const parsed = schema.safeParse(args.length > 1 ? (args[0] ?? {}) : {});
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'validation_failed', message: describeIssues(parsed.error) } });
      return;
    }
    try {
      const result = handler(parsed.data);
      reply({ ok: true, data: { question: toModeration(result.question), also: result.also.map(toModeration) } });
    } catch (error) {
      const base = toAckError(error, log, event);
      reply(error instanceof StaleQuestionError ? { ok: false, error: { ...base.error, current: error.current } } : base);
    }
  });
}
