import { anonymous } from '../accounts/authorization.js';
import { notFound } from '../core/errors.js';
import type { SessionId } from '../core/ids.js';
import type { Repositories } from '../core/repositories.js';
import type { LiveService } from '../live/live.service.js';
import { watchChannel } from '../live/room-events.js';
import type { Questions } from '../questions/module.js';
import { clientIdSchema, sessionChannel } from '../questions/questions.contract.js';
import { askerChannel } from '../questions/questions.broadcasts.js';
import type { ClusterBus } from './bus.js';
import type { SessionInfo } from './cluster.contract.js';
import type { LiveCaptionsService } from '../captions/live-captions.service.js';
import { captionsChannel } from '../captions/live-captions.contract.js';

export type GatewayDeps = { repos: Repositories; live: LiveService; questions: Questions; captions: LiveCaptionsService };

/**
 * The origin's answers to its edges for the residents' sockets they hold. Edge sockets are anonymous (logins
 * live in the origin's database), so these are the residents' requests only, answered as the origin's own
 * handlers answer an anonymous socket; the edge then joins its socket to the `channels` named, and events
 * sent to them on any node reach it through the socket.io Redis adapter.
 */
export function serveEdges(bus: ClusterBus, deps: GatewayDeps): void {
  const { repos, live, questions } = deps;

  const publicSession = (id: number) => {
    const session = repos.sessions.get(id as SessionId);
    if (!session || session.visibility === 'private') throw notFound(`There is no session with id ${id}.`);
    return session;
  };
  const asker = (clientId: string | undefined, address: string) => {
    const parsed = clientIdSchema.safeParse(clientId);
    return { fingerprint: questions.fingerprints.of(parsed.success ? parsed.data : undefined, address), address };
  };

  bus.serve('session:get', ({ sessionId }): SessionInfo => {
    const s = publicSession(sessionId);
    return { id: s.id, kind: s.kind, status: s.status, startsAt: s.startsAt, interruption: live.interruption(s.id) };
  });

  bus.serve('questions:subscribe', ({ sessionId, clientId, address }) => {
    const who = asker(clientId, address);
    const items = questions.residents.listPublic(sessionId as SessionId, anonymous);
    return {
      items,
      voted: questions.residents.votedBy(sessionId as SessionId, who),
      channels: [sessionChannel(sessionId), askerChannel(who.fingerprint)],
    };
  });

  bus.serve('questions:vote', ({ questionId, clientId, address }) => {
    const { question } = questions.residents.vote(questionId, asker(clientId, address), anonymous);
    return { questionId: question.id, votes: question.votes };
  });

  bus.serve('civic:follow', ({ sessionId }) => {
    const s = publicSession(sessionId);
    return { sessionId: s.id, channel: watchChannel(s.id) };
  });

  bus.serve('captions:watch', ({ sessionId }) => {
    const s = publicSession(sessionId);
    return { sessionId: s.id, cues: deps.captions.recent(anonymous, s.id), channel: captionsChannel(s.id) };
  });
}
