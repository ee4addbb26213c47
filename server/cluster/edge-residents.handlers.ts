import type { Server } from 'socket.io';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import { clientAddress, compileTrust } from '../core/http/client-address.js';
import { civicContract } from '../civic/civic.contract.js';
import { questionsContract } from '../questions/questions.contract.js';
import { liveCaptionsContract } from '../captions/live-captions.contract.js';
import type { AskOrigin } from './edge-origin.js';
import { onTheOrigin } from './edge-origin.js';

type Trust = ReturnType<typeof compileTrust>;

/**
 * `/questions` and `/civic` on an edge: a resident's subscribe, vote and follow are answered by the origin
 * (with the browser id from the handshake and the address this edge sees, after TRUST_PROXY), and the socket
 * joins the channels the origin names: questions approved, agenda items marked and live caption lines sent on
 * any node reach it. Moderation, the clerk's agenda and typing captions are the origin's.
 */
export function attachEdgeResidents(io: Server, deps: { ask: AskOrigin; originUrl: string; trust: Trust; log: Logger }): void {
  const { ask } = deps;
  namespaceOf(io, questionsContract).on('connection', (socket) => {
    const on = contractRegistrar(questionsContract, socket, deps.log.child({ peerId: socket.id }));
    const raw = (socket.handshake.auth as { client?: unknown } | undefined)?.client;
    const clientId = typeof raw === 'string' && raw.length <= 200 ? raw : undefined;
    const address = clientAddress(socket.request, deps.trust);
    on('questions:subscribe', async ({ sessionId }) => {
      const reply = await ask('questions:subscribe', { sessionId, clientId, address });
      await socket.join(reply.channels);
      return { items: reply.items, voted: reply.voted };
    });
    on('questions:vote', ({ questionId }) => ask('questions:vote', { questionId, clientId, address }));
    for (const name of Object.keys(questionsContract.requests) as (keyof typeof questionsContract.requests)[]) {
      if (name !== 'questions:subscribe' && name !== 'questions:vote') on(name, () => Promise.reject(onTheOrigin(deps.originUrl, 'Moderation')));
    }
  });
  namespaceOf(io, civicContract).on('connection', (socket) => {
    const on = contractRegistrar(civicContract, socket, deps.log.child({ peerId: socket.id }));
    on('civic:follow', async ({ sessionId }) => {
      const reply = await ask('civic:follow', { sessionId });
      await socket.join(reply.channel);
      return { sessionId: reply.sessionId };
    });
    on('agenda:activate', () => Promise.reject(onTheOrigin(deps.originUrl, 'Marking the agenda')));
  });
  namespaceOf(io, liveCaptionsContract).on('connection', (socket) => {
    const on = contractRegistrar(liveCaptionsContract, socket, deps.log.child({ peerId: socket.id }));
    on('caption:watch', async ({ sessionId }) => {
      const reply = await ask('captions:watch', { sessionId });
      await socket.join(reply.channel);
      return { sessionId: reply.sessionId, cues: reply.cues };
    });
    on('caption:send', () => Promise.reject(onTheOrigin(deps.originUrl, 'Typing live captions')));
    on('caption:correct', () => Promise.reject(onTheOrigin(deps.originUrl, 'Typing live captions')));
  });
}
