import type { Server } from 'socket.io';
import type { SocketData } from '../accounts/socket-auth.js';
import type { SessionId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import { captionsChannel, liveCaptionsContract } from './live-captions.contract.js';
import type { LiveCaptionsService } from './live-captions.service.js';

/** Mounts `/captions`: watch a session's lines, send and correct them; every line to the session's watchers. */
export function attachLiveCaptions(io: Server, captions: LiveCaptionsService, log: Logger): void {
  const nsp = namespaceOf<typeof liveCaptionsContract, SocketData>(io, liveCaptionsContract);
  captions.on('cue', (cue) => nsp.to(captionsChannel(cue.sessionId)).emit('caption:cue', cue));
  nsp.on('connection', (socket) => {
    const on = contractRegistrar(liveCaptionsContract, socket, log.child({ peerId: socket.id }));
    const principal = () => socket.data.principal;
    on('caption:watch', async (req) => {
      const cues = captions.recent(principal(), req.sessionId as SessionId);
      await socket.join(captionsChannel(req.sessionId));
      return { sessionId: req.sessionId, cues };
    });
    on('caption:send', (req) => captions.send(principal(), req));
    on('caption:correct', (req) => captions.correct(principal(), req));
  });
}
