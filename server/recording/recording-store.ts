import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../media/recording/hls-playlist.js';
import type { RecordingId, SessionId } from '../core/ids.js';

/** A hidden folder under the recordings folder that becomes a session's folder in one rename, or goes away. */
export type Staging = {
  readonly dir: string;
  /** Moves the staged folder into place as the session's folder (replacing one left there); returns it. */
  commit(sessionId: SessionId): string;
  /** Puts a committed folder back into staging (a transaction that rolls back after `commit`). */
  uncommit(sessionId: SessionId): void;
  /** Removes the staging folder and what is in it; safe after `commit` (then it does nothing). */
  discard(): void;
};

/** Where a request for a recording file is answered from, once the recording is kept in an object store. */
export type StoredObject = { key: string; bytes: number };

/**
 * Every path under RECORDINGS_DIR and every write to it. The recorder, the ladder, the import, captions and
 * the demo ask it for their folders and files instead of joining paths themselves; what the database keeps
 * are paths relative to the recordings folder ("12/master.m3u8", see `relative`).
 *
 * The local disk is always where recordings are made (ffmpeg writes files). An object store (S3RecordingStore)
 * keeps a recording once it is final (`keep`) and then answers for its media files (`objectFor`).
 */
export interface RecordingStore {
  /** The local recordings folder (RECORDINGS_DIR). */
  readonly root: string;
  /** A session's folder: the live recording, the ladder, posters and captions. */
  sessionDir(sessionId: SessionId): string;
  /** A file of a session as the database names it: "<sessionId>/<file>". */
  relative(sessionId: SessionId, file: string): string;
  /** The local path of a file named relative to the recordings folder; refuses paths that leave it. */
  path(relative: string): string;
  exists(relative: string): boolean;
  readText(relative: string): string;
  /** Writes in one step (aside, then rename): a reader sees the old file or the new one. A failed write leaves no temp file. */
  writeText(relative: string, text: string): void;
  remove(relative: string): void;
  /** A staging folder for work that becomes a session's folder when complete (import, demo recording). */
  stage(label: string): Staging;
  /** A scratch folder under the recordings folder (same disk) for `fn`, removed afterwards whatever happens. */
  scratch<T>(label: string, fn: (dir: string) => Promise<T>): Promise<T>;
  /** The recording is final (ladder written, import committed): keep it where recordings are kept. */
  keep(recording: { id: RecordingId; sessionId: SessionId }): void;
  /** The verified stored object for a file, or null when the file is served from the local disk. */
  objectFor(relative: string): StoredObject | null;
  /**
   * Removes a session's recording files for good, wherever they are kept (the retention sweep, after the
   * rows are gone). Rejects when the store refused; calling it again finishes the work.
   */
  deleteSession(sessionId: SessionId): Promise<void>;
}

const hiddenPrefix = '.';

/** Recordings on the local disk only (no S3 settings): what Nist always did. */
export class LocalDiskStore implements RecordingStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  sessionDir(sessionId: SessionId): string {
    return path.join(this.root, String(sessionId));
  }

  relative(sessionId: SessionId, file: string): string {
    return path.posix.join(String(sessionId), file);
  }

  path(relative: string): string {
    const full = path.resolve(this.root, relative);
    if (full !== this.root && !full.startsWith(this.root + path.sep)) {
      throw new Error(`${relative} is outside the recordings folder.`);
    }
    return full;
  }

  exists(relative: string): boolean {
    return fs.existsSync(this.path(relative));
  }

  readText(relative: string): string {
    return fs.readFileSync(this.path(relative), 'utf8');
  }

  writeText(relative: string, text: string): void {
    const file = this.path(relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, text);
  }

  remove(relative: string): void {
    fs.rmSync(this.path(relative), { force: true });
  }

  stage(label: string): Staging {
    fs.mkdirSync(this.root, { recursive: true });
    const dir = this.hidden(label);
    fs.mkdirSync(dir);
    return {
      dir,
      commit: (sessionId) => {
        const target = this.sessionDir(sessionId);
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(dir, target);
        return target;
      },
      uncommit: (sessionId) => fs.renameSync(this.sessionDir(sessionId), dir),
      discard: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }

  async scratch<T>(label: string, fn: (dir: string) => Promise<T>): Promise<T> {
    fs.mkdirSync(this.root, { recursive: true });
    const dir = this.hidden(label);
    fs.mkdirSync(dir);
    try {
      return await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  keep(_recording: { id: RecordingId; sessionId: SessionId }): void {
    // The local disk is where the recording already is.
  }

  objectFor(_relative: string): StoredObject | null {
    return null;
  }

  async deleteSession(sessionId: SessionId): Promise<void> {
    await fs.promises.rm(this.sessionDir(sessionId), { recursive: true, force: true });
  }

  /** Hidden names (a leading dot) are never served (express.static denies dotfiles) nor uploaded. */
  private hidden(label: string): string {
    return path.join(this.root, `${hiddenPrefix}${label}-${process.pid}-${randomBytes(4).toString('hex')}`);
  }
}
