import type { Db } from '../core/database.js';
import type { RecordingId } from '../core/ids.js';

/** A file of a recording as the object store holds it; the key is its path relative to the recordings folder. */
export type RecordingObject = {
  path: string;
  recordingId: RecordingId;
  bytes: number;
  sha256: string;
  etag: string;
  uploadedAt: string;
  verifiedAt: string | null;
  localRemovedAt: string | null;
};

type Row = {
  path: string;
  recording_id: number;
  bytes: number;
  sha256: string;
  etag: string;
  uploaded_at: string;
  verified_at: string | null;
  local_removed_at: string | null;
};

const toObject = (r: Row): RecordingObject => ({
  path: r.path,
  recordingId: r.recording_id as RecordingId,
  bytes: r.bytes,
  sha256: r.sha256,
  etag: r.etag,
  uploadedAt: r.uploaded_at,
  verifiedAt: r.verified_at,
  localRemovedAt: r.local_removed_at,
});

/** Which files of which recordings are in the object store, and since when they are verified (migration 008). */
export class RecordingObjectsRepository {
  constructor(private readonly db: Db) {}

  /** The upload completed; not served until `verified`. A file uploaded again starts unverified again. */
  uploaded(o: { path: string; recordingId: RecordingId; bytes: number; sha256: string; etag: string }): void {
    this.db
      .prepare(
        `INSERT INTO recording_objects (path, recording_id, bytes, sha256, etag, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path) DO UPDATE SET recording_id = excluded.recording_id, bytes = excluded.bytes, sha256 = excluded.sha256,
           etag = excluded.etag, uploaded_at = excluded.uploaded_at, verified_at = NULL, local_removed_at = NULL`,
      )
      .run(o.path, o.recordingId, o.bytes, o.sha256, o.etag, new Date().toISOString());
  }

  verified(path: string): void {
    this.db.prepare('UPDATE recording_objects SET verified_at = ? WHERE path = ?').run(new Date().toISOString(), path);
  }

  localRemoved(path: string): void {
    this.db.prepare('UPDATE recording_objects SET local_removed_at = ? WHERE path = ?').run(new Date().toISOString(), path);
  }

  get(path: string): RecordingObject | undefined {
    const row = this.db.prepare('SELECT * FROM recording_objects WHERE path = ?').get(path) as Row | undefined;
    return row && toObject(row);
  }

  /** The verified object for a file, if any (what may be served from the store). */
  verifiedObject(path: string): RecordingObject | undefined {
    const row = this.db.prepare('SELECT * FROM recording_objects WHERE path = ? AND verified_at IS NOT NULL').get(path) as Row | undefined;
    return row && toObject(row);
  }

  listByRecording(recordingId: RecordingId): RecordingObject[] {
    return (this.db.prepare('SELECT * FROM recording_objects WHERE recording_id = ? ORDER BY path').all(recordingId) as Row[]).map(toObject);
  }
}
