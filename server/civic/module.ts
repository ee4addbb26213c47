import type { Server } from 'socket.io';
import type { Router } from 'express';
import type { Config } from '../core/config.js';
import { CaptionsService } from '../recording/captions.service.js';
import type { ChaptersService } from './chapters.service.js';
import type { CatalogService } from './catalog.service.js';
import { CivicEvents } from './civic-events.js';
import { ClerkService } from './clerk.service.js';
import { DecisionsService } from './decisions.service.js';
import { DocumentsService } from './documents.service.js';
import { LiveAgendaService, type OffsetSource } from './live-agenda.service.js';
import { SessionRecordService } from './session-record.service.js';
import { archiveRouter } from './archive.routes.js';
import { captionPlaylistsRouter } from '../recording/caption-playlists.routes.js';
import { documentsRouter, searchRouter } from './civic.routes.js';
import { clerkRouter } from './clerk.routes.js';
import { decisionsRouter } from './decisions.routes.js';
import { chaptersVttRouter, feedsRouter } from './feeds.routes.js';
import type { Logger } from '../core/logger.js';
import { attachCivic } from './civic.handlers.js';
import { AuditLog } from '../accounts/audit-log.js';
import type { Repositories } from '../core/repositories.js';
import type { RecordingStore } from '../recording/recording-store.js';

/**
 * The civic record's part of the composition root: clerk console, decisions and votes, live agenda
 * marking, documents, captions, search and feeds. `nist.ts` mounts what this returns.
 */
export function createCivic(deps: {
  config: Config;
  repos: Repositories;
  catalog: CatalogService;
  chapters: ChaptersService;
  /** The recording store: caption files and the recordings' playlists. */
  store: RecordingStore;
  offsetOf: OffsetSource;
  log: Logger;
}) {
  const { config, repos, catalog } = deps;
  const log = deps.log.child({ component: 'civic' });
  const events = new CivicEvents();
  const trail = new AuditLog(repos.audit);
  const decisions = new DecisionsService(repos, events, trail);
  const agenda = new LiveAgendaService(repos, trail, deps.chapters, events, deps.offsetOf, log);
  const documents = new DocumentsService(repos, trail, config.dataDir, log);
  const captions = new CaptionsService(repos, deps.store, log);
  const clerk = new ClerkService(repos, catalog, trail);
  const records = new SessionRecordService(repos, decisions);

  const clerkApi = clerkRouter(clerk, records, documents);
  clerkApi.use(decisionsRouter(decisions, documents));
  const api: Record<string, Router> = {
    clerk: clerkApi,
    archive: archiveRouter(agenda, captions),
    search: searchRouter(repos.search),
    documents: documentsRouter(documents),
  };
  const recordingFiles = chaptersVttRouter(repos).use(captionPlaylistsRouter(repos, deps.store));
  const site: Record<string, Router> = { '/feeds': feedsRouter(repos, config.publicUrl), '/recordings': recordingFiles };
  return { api, site, attach: (io: Server) => attachCivic(io, { agenda, events, sessions: repos.sessions, log }) };
}
