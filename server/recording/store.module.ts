import type { RequestHandler } from 'express';
import type { SessionsRepository } from '../civic/sessions.repository.js';
import type { Config } from '../core/config.js';
import type { Db } from '../core/database.js';
import type { Logger } from '../core/logger.js';
import type { JobsService } from '../jobs/jobs.service.js';
import { RecordingObjectsRepository } from './recording-objects.repository.js';
import { LocalDiskStore, type RecordingStore } from './recording-store.js';
import { RecordingsRepository } from './recordings.repository.js';
import { S3Objects } from './s3-objects.js';
import { S3RecordingStore, type UploadQueue } from './s3-store.js';
import { storedFilesRoute } from './stored-files.routes.js';

/**
 * The recording store the settings ask for: the local disk (RECORDINGS_DIR), or that and an S3 bucket
 * (S3_* settings). Given the job service (the server), the S3 store's uploads run there; given the jobs table
 * only (the import CLI), they are queued for the server.
 */
export function createRecordingStore(config: Config, deps: { db: Db; jobs: JobsService | UploadQueue; log: Logger }): RecordingStore {
  const s3 = config.objectStore;
  if (!s3) return new LocalDiskStore(config.recordingsDir);
  const store = new S3RecordingStore(config.recordingsDir, new S3Objects(s3), new RecordingObjectsRepository(deps.db), deps.jobs, deps.log, {
    deleteLocalAfterUpload: s3.deleteLocalAfterUpload,
  });
  if ('register' in deps.jobs) store.runUploadsOn(deps.jobs, new RecordingsRepository(deps.db));
  deps.log.info({ endpoint: s3.endpoint, bucket: s3.bucket, serve: s3.serve, deleteLocalAfterUpload: s3.deleteLocalAfterUpload }, 'recordings are kept in an object store');
  return store;
}

/** The recordings route's part for files kept in the object store; none with the local disk only. */
export function storedFilesFor(store: RecordingStore, sessions: Pick<SessionsRepository, 'get'>, config: Config, log: Logger): RequestHandler | undefined {
  if (!(store instanceof S3RecordingStore) || !config.objectStore) return undefined;
  // Public stored files live in caches exactly as the local ones do: one rule (recordingCacheControl).
  return storedFilesRoute(store, sessions, log, { serve: config.objectStore.serve, cacheSec: config.recordingsCacheSec });
}
