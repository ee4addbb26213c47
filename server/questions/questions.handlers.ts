import type { Server } from 'socket.io';
import { clientIdSchema, moderationChannel, questionsContract, sessionChannel } from './questions.contract.js';
import { anonymous } from '../accounts/authorization.js';
import type { Asker } from './client-fingerprint.js';
import type { SessionId } from '../core/ids.js';
import { StaleQuestionError, type ModerationResult } from './question-moderation.service.js';
import { toModeration } from './question-views.js';
import type { Questions } from './module.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf, type ContractNamespace, type ContractSocket } from '../core/socket/ack.js';
import { clientAddress, compileTrust, type TrustProxy } from '../core/http/client-address.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { bridgeQuestionEvents, askerChannel } from './questions.broadcasts.js';

type Trust = ReturnType<typeof compileTrust>;
type QuestionsSocket = ContractSocket<typeof questionsContract, SocketData>;
export type QuestionsServer = ContractNamespace<typeof questionsContract, SocketData>;

/** Mounts citizen questions on `/questions`: residents' feed and votes, moderators' queue and actions. */
export function attachQuestions(
  io: Server,
  questions: Questions,
  log: Logger,
  options: { feedBatchMs?: number; trustProxy?: TrustProxy } = {},
): void {
  const trust = compileTrust(options.trustProxy ?? ['loopback']);
  const nsp = namespaceOf<typeof questionsContract, SocketData>(io, questionsContract);
  bridgeQuestionEvents(nsp, questions.events, options.feedBatchMs);
  nsp.on('connection', (socket) => registerQuestionHandlers(socket, questions, log, trust));
}

/** The browser's client id comes with the handshake (`auth.client`), like the login cookie, never in a request. */
function askerOf(socket: QuestionsSocket, questions: Questions, trust: Trust): Asker {
  const raw = (socket.handshake.auth as { client?: unknown } | undefined)?.client;
  const parsed = clientIdSchema.safeParse(raw);
  // Behind a trusted proxy (TRUST_PROXY), the address it forwarded; as express's req.ip for requests.
  const address = clientAddress(socket.request, trust);
  return { fingerprint: questions.fingerprints.of(parsed.success ? parsed.data : undefined, address), address };
}

function registerQuestionHandlers(socket: QuestionsSocket, questions: Questions, parentLog: Logger, trust: Trust): void {
  const log = parentLog.child({ peerId: socket.id });
  const on = contractRegistrar(questionsContract, socket, log);
  const principal = () => socket.data.principal ?? anonymous;
  const asker = askerOf(socket, questions, trust);

  on('questions:subscribe', async ({ sessionId }) => {
    const items = questions.residents.listPublic(sessionId as SessionId, principal());
    await socket.join([sessionChannel(sessionId), askerChannel(asker.fingerprint)]);
    return { items, voted: questions.residents.votedBy(sessionId as SessionId, asker) };
  });

  on('questions:vote', ({ questionId }) => {
    const { question } = questions.residents.vote(questionId, asker, principal());
    return { questionId: question.id, votes: question.votes };
  });

  on('moderation:subscribe', async ({ sessionId }) => {
    const items = questions.moderation.queue(principal(), sessionId as SessionId).map(toModeration);
    await socket.join(moderationChannel(sessionId));
    return { items };
  });

  // A stale action's `conflict` ack also carries the question's current state, so the moderator's screen can
  // catch up without asking again.
  const stale = (error: unknown) => (error instanceof StaleQuestionError ? { current: error.current } : undefined);
  const moderate = (result: ModerationResult) => ({ question: toModeration(result.question), also: result.also.map(toModeration) });
  const m = questions.moderation;
  on('moderation:approve', (r) => moderate(m.approve(principal(), r)), { errorDetail: stale });
  on('moderation:reject', (r) => moderate(m.reject(principal(), r)), { errorDetail: stale });
  on('moderation:edit', (r) => moderate(m.edit(principal(), r)), { errorDetail: stale });
  on('moderation:merge', (r) => moderate(m.merge(principal(), r)), { errorDetail: stale });
  on('moderation:pin', (r) => moderate(m.pin(principal(), r)), { errorDetail: stale });
  on('moderation:answer', (r) => moderate(m.answer(principal(), r)), { errorDetail: stale });
}
