import type { Server } from 'socket.io';
import type { Logger } from '../core/logger.js';
import type { Repositories } from '../core/repositories.js';
import type { LiveService } from '../live/live.service.js';
import { CaptionsService } from '../recording/captions.service.js';
import type { RecordingStore } from '../recording/recording-store.js';
import { attachLiveCaptions } from './live-captions.handlers.js';
import { LiveCaptionsService, type OffsetSource } from './live-captions.service.js';

/** Live captions in the composition root: the service, its `/captions` namespace, and the session-end hand-over. */
export function createLiveCaptions(deps: { repos: Repositories; store: RecordingStore; live: LiveService; offsetOf: OffsetSource; log: Logger }) {
  const log = deps.log.child({ component: 'live-captions' });
  const tracks = new CaptionsService(deps.repos, deps.store, log);
  const service = new LiveCaptionsService(deps.repos, deps.offsetOf, (id, lang, vtt) => tracks.adoptLive(id, lang, vtt), log);
  deps.live.on('sessionEnded', ({ sessionId }) => service.sessionEnded(sessionId));
  return { service, attach: (io: Server) => attachLiveCaptions(io, service, log) };
}
