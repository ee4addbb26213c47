import type { Config } from '../core/config.js';
import { LocalDiskStore, type RecordingStore } from './recording-store.js';

/** The recording store the settings ask for: the local disk (RECORDINGS_DIR); an object store plugs in here. */
export function createRecordingStore(config: Config, _deps: { db: unknown; jobs: unknown; log: unknown }): RecordingStore {
  return new LocalDiskStore(config.recordingsDir);
}
