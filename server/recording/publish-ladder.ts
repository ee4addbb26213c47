import type { LadderResult } from '../../media/recording/ladder.js';
import type { Db } from '../core/database.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { RecordingStore } from './recording-store.js';
import type { RecordingsRepository } from './recordings.repository.js';

/** What publishing a ladder writes to: the recordings' rows, in one transaction. */
export type LadderRows = { db: Db; recordings: Pick<RecordingsRepository, 'setRenditions' | 'update'> };

/**
 * The one way a ladder result becomes a recording's rows — the live recording's ladder job, the import and the
 * demo recording all come here: renditions, master playlist, poster (and the duration when the caller knows
 * it better than the row) in one transaction, the recording `ready`, and then the store keeps it (an object
 * store uploads it; the local disk already has it). Inside a caller's transaction it joins that transaction,
 * upload job included.
 */
export function publishLadder(
  rows: LadderRows,
  store: RecordingStore,
  recording: { id: RecordingId; sessionId: SessionId },
  result: LadderResult,
  patch: { durationSec?: number } = {},
): void {
  const at = (file: string) => store.relative(recording.sessionId, file);
  rows.db.transaction(() => {
    rows.recordings.setRenditions(
      recording.id,
      result.renditions.map((r) => ({ height: r.height, bandwidth: r.bandwidth, playlistPath: at(r.playlist) })),
    );
    rows.recordings.update(recording.id, {
      ...patch,
      status: 'ready',
      hlsPath: at(result.master),
      posterPath: result.poster ? at(result.poster) : null,
    });
    store.keep(recording);
  })();
}
