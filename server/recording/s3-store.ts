import type { Logger } from '../core/logger.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { JobsService } from '../jobs/jobs.service.js';
import type { RecordingObjectsRepository } from './recording-objects.repository.js';
import { LocalDiskStore, type RecordingStore, type Staging, type StoredObject } from './recording-store.js';
import { RecordingUploader, servedLocally, type RetryPolicy } from './recording-uploader.js';
import type { RecordingsRepository } from './recordings.repository.js';
import type { S3Objects } from './s3-objects.js';

export const uploadJob = 'recording-upload';

export type UploadPayload = { recordingId: RecordingId };

/** Where `keep` queues the upload: the job queue in the server, its table in the import CLI (the server runs it). */
export type UploadQueue = { enqueue(kind: string, payload: unknown): unknown };

/**
 * Recordings on the local disk while they are made, then in an S3 bucket: `keep` queues an upload job for a
 * recording that is final, and from the moment a file's object is verified `objectFor` names it, so the
 * recordings route serves it from the bucket. Everything else is the local disk's (recording, ladder, import,
 * playlists and captions, which stay on the server's disk).
 */
export class S3RecordingStore implements RecordingStore {
  private readonly local: LocalDiskStore;
  readonly uploader: RecordingUploader;

  constructor(
    root: string,
    readonly s3: S3Objects,
    private readonly objects: RecordingObjectsRepository,
    private readonly queue: UploadQueue,
    log: Logger,
    options: { deleteLocalAfterUpload: boolean; retry?: RetryPolicy },
  ) {
    this.local = new LocalDiskStore(root);
    this.uploader = new RecordingUploader(s3, objects, this.local, log, options);
  }

  get root(): string {
    return this.local.root;
  }

  sessionDir(sessionId: SessionId): string {
    return this.local.sessionDir(sessionId);
  }

  relative(sessionId: SessionId, file: string): string {
    return this.local.relative(sessionId, file);
  }

  path(relative: string): string {
    return this.local.path(relative);
  }

  exists(relative: string): boolean {
    return this.local.exists(relative) || this.objectFor(relative) !== null;
  }

  /** Whether the local copy of a file is still there (it goes after its upload is verified, if so configured). */
  hasLocal(relative: string): boolean {
    try {
      return this.local.exists(relative);
    } catch {
      return false;
    }
  }

  readText(relative: string): string {
    return this.local.readText(relative);
  }

  writeText(relative: string, text: string): void {
    this.local.writeText(relative, text);
  }

  remove(relative: string): void {
    this.local.remove(relative);
  }

  stage(label: string): Staging {
    return this.local.stage(label);
  }

  scratch<T>(label: string, fn: (dir: string) => Promise<T>): Promise<T> {
    return this.local.scratch(label, fn);
  }

  keep(recording: { id: RecordingId; sessionId: SessionId }): void {
    this.queue.enqueue(uploadJob, { recordingId: recording.id } satisfies UploadPayload);
  }

  objectFor(relative: string): StoredObject | null {
    if (servedLocally(relative)) return null;
    const object = this.objects.verifiedObject(relative);
    return object ? { key: object.path, bytes: object.bytes } : null;
  }

  /** The bucket's objects of the session (every key under "<sessionId>/", listed or not), then its local folder. */
  async deleteSession(sessionId: SessionId): Promise<void> {
    // The trailing slash keeps session 12 from taking session 120's objects with it.
    await this.s3.deletePrefix(`${String(sessionId)}/`);
    await this.local.deleteSession(sessionId);
  }

  /** The server runs the uploads (the import CLI only queues them); a failed round is retried by the job queue. */
  runUploadsOn(jobs: JobsService, recordings: Pick<RecordingsRepository, 'get'>): void {
    jobs.register(uploadJob, async (payload, ctx) => {
      const recording = recordings.get((payload as UploadPayload).recordingId);
      if (recording?.status !== 'ready') return;
      await this.uploader.upload(recording, {
        signal: ctx.signal,
        onProgress: ({ loaded, total }) => ctx.progress({ percent: total > 0 ? loaded / total : 1, etaSec: null }),
      });
    });
  }

  close(): void {
    this.s3.close();
  }
}
