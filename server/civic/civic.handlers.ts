import type { Server, Socket } from 'socket.io';
import { activateAgendaSchema } from './civic.contract.js';
import { anonymous } from '../accounts/authorization.js';
import type { CivicEvents } from './civic-events.js';
import { unauthorized } from '../core/errors.js';
import type { AgendaItemId, SessionId } from '../core/ids.js';
import type { LiveAgendaService } from './live-agenda.service.js';
import type { Logger } from '../core/logger.js';
import { requestRegistrar } from '../core/socket/ack.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { roomChannel, roomKey, watchChannel } from '../live/room-events.js';

/**
 * The civic record live: `agenda:activate` from clerks and operators; `agenda:activated`,
 * `decision:recorded` and `decision:removed` to everyone following the session — the sockets that sent
 * `session:watch` (channel `watch:<id>`) and those in its media room (`room:session:<id>`).
 */
export function attachCivic(io: Server, deps: { agenda: LiveAgendaService; events: CivicEvents; log: Logger }): void {
  const toSession = (sessionId: SessionId) => io.to(watchChannel(sessionId)).to(roomChannel(roomKey(sessionId)));
  deps.events.on('agendaActivated', (e) => toSession(e.sessionId).emit('agenda:activated', e));
  deps.events.on('decisionRecorded', (e) => toSession(e.sessionId).emit('decision:recorded', e));
  deps.events.on('decisionRemoved', (e) => toSession(e.sessionId).emit('decision:removed', e));

  io.on('connection', (socket: Socket) => {
    const on = requestRegistrar(socket, deps.log.child({ peerId: socket.id }));
    on('agenda:activate', activateAgendaSchema, (req) => {
      const principal = (socket.data as SocketData).principal ?? anonymous;
      if (principal.kind !== 'account') throw unauthorized();
      return deps.agenda.activate(principal, req.sessionId as SessionId, req.agendaItemId as AgendaItemId | null);
    });
  });
}
