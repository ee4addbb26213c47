import type { Server } from 'socket.io';
import { civicContract } from './civic.contract.js';
import { anonymous, can } from '../accounts/authorization.js';
import type { CivicEvents } from './civic-events.js';
import { notFound, unauthorized } from '../core/errors.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';
import type { LiveAgendaService } from './live-agenda.service.js';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { watchChannel } from '../live/room-events.js';

/**
 * The civic record live (`/civic`): `civic:follow` from everyone on a session page, `agenda:activate` from
 * clerks and operators; `agenda:activated`, `decision:recorded` and `decision:removed` to the sockets that
 * follow the session (channel `watch:<id>` of this namespace).
 */
export function attachCivic(
  io: Server,
  deps: { agenda: LiveAgendaService; events: CivicEvents; sessions: Repositories['sessions']; log: Logger },
): void {
  const nsp = namespaceOf<typeof civicContract, SocketData>(io, civicContract);
  const toSession = (sessionId: SessionId) => nsp.to(watchChannel(sessionId));
  deps.events.on('agendaActivated', (e) => toSession(e.sessionId).emit('agenda:activated', e));
  deps.events.on('decisionRecorded', (e) => toSession(e.sessionId).emit('decision:recorded', e));
  deps.events.on('decisionRemoved', (e) => toSession(e.sessionId).emit('decision:removed', e));

  nsp.on('connection', (socket) => {
    const on = contractRegistrar(civicContract, socket, deps.log.child({ peerId: socket.id }));
    const principal = () => socket.data.principal ?? anonymous;
    on('civic:follow', async ({ sessionId }) => {
      const session = deps.sessions.get(sessionId as SessionId);
      if (!session || (session.visibility === 'private' && !can(principal(), 'private.view', session.bodyId))) {
        throw notFound(`There is no session with id ${sessionId}.`);
      }
      await socket.join(watchChannel(session.id));
      return { sessionId: session.id };
    });
    on('agenda:activate', (req) => {
      const who = principal();
      if (who.kind !== 'account') throw unauthorized();
      return deps.agenda.activate(who, req.sessionId as SessionId, req.agendaItemId as AgendaItemId | null);
    });
  });
}
