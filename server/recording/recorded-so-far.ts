import { parseMediaPlaylist, totalDuration } from '../../media/recording/hls-playlist.js';
import type { RecordingStore } from './recording-store.js';

/**
 * The seconds an open recording holds: the sum of its source playlist's segments (the recorder merges every
 * run into it, gaps left out). Undefined when there is no playlist yet or it cannot be read.
 */
export function recordedSoFar(store: Pick<RecordingStore, 'exists' | 'readText'>, playlist: string): number | undefined {
  try {
    if (!store.exists(playlist)) return undefined;
    return totalDuration(parseMediaPlaylist(store.readText(playlist)).segments);
  } catch {
    return undefined;
  }
}
