import type { Server } from 'socket.io';
import type { Router } from 'express';
import type { Config } from './config.js';
import { CaptionsService } from './domain/captions.service.js';
import type { ChaptersService } from './domain/chapters.service.js';
import type { CatalogService } from './domain/catalog.service.js';
import { CivicEvents } from './domain/civic-events.js';
import { ClerkService } from './domain/clerk.service.js';
import { DecisionsService } from './domain/decisions.service.js';
import { DocumentsService } from './domain/documents.service.js';
import { LiveAgendaService, type OffsetSource } from './domain/live-agenda.service.js';
import { SessionRecordService } from './domain/session-record.service.js';
import { archiveRouter } from './http/archive.routes.js';
import { captionPlaylistsRouter } from './http/caption-playlists.routes.js';
import { documentsRouter, searchRouter } from './http/civic.routes.js';
import { clerkRouter } from './http/clerk.routes.js';
import { decisionsRouter } from './http/decisions.routes.js';
import { chaptersVttRouter, feedsRouter } from './http/feeds.routes.js';
import type { Logger } from './logger.js';
import { attachCivic } from './realtime/civic.handlers.js';
import type { Repositories } from './storage/repositories.js';

/**
 * The civic record's part of the composition root: clerk console, decisions and votes, live agenda
 * marking, documents, captions, search and feeds. `nist.ts` mounts what this returns.
 */
export function createCivic(deps: {
  config: Config;
  repos: Repositories;
  catalog: CatalogService;
  chapters: ChaptersService;
  offsetOf: OffsetSource;
  log: Logger;
}) {
  const { config, repos, catalog } = deps;
  const log = deps.log.child({ component: 'civic' });
  const events = new CivicEvents();
  const decisions = new DecisionsService(repos, events);
  const agenda = new LiveAgendaService(repos, deps.chapters, events, deps.offsetOf, log);
  const documents = new DocumentsService(repos, config.dataDir, log);
  const captions = new CaptionsService(repos, config.recordingsDir, log);
  const clerk = new ClerkService(repos, catalog);
  const records = new SessionRecordService(repos, decisions);

  const clerkApi = clerkRouter(clerk, records, documents);
  clerkApi.use(decisionsRouter(decisions, documents));
  const api: Record<string, Router> = {
    clerk: clerkApi,
    archive: archiveRouter(agenda, captions),
    search: searchRouter(repos.search),
    documents: documentsRouter(documents),
  };
  const recordingFiles = chaptersVttRouter(repos).use(captionPlaylistsRouter(repos, config.recordingsDir));
  const site: Record<string, Router> = { '/feeds': feedsRouter(repos, config.publicUrl), '/recordings': recordingFiles };
  return { api, site, attach: (io: Server) => attachCivic(io, { agenda, events, log }) };
}
