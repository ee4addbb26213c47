import type { RepositoriesOf } from '../core/repositories.js';
import type { RecordingId, SessionId } from '../core/ids.js';
import type { LiveMedia } from '../live/live.service.js';
import type { RecordingAlert } from './recording-disk-wait.js';
import type { RecordingStore } from './recording-store.js';

/** The repositories recording uses: its own, and the sessions it reads (status, kind). */
export type RecordingsRepos = RepositoriesOf<'db' | 'recordings' | 'recordingTracks' | 'sessions'>;

export type RecordingsOptions = ({ store: RecordingStore } | { recordingsDir: string }) & {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Recording stops (keeping what it has) when free disk space drops below this, and resumes when it returns. */
  minFreeBytes?: number;
  segmentSeconds?: number;
  /** A live session's router and producers: a recording stopped for lack of space resumes on them by itself. */
  mediaOf?: (sessionId: SessionId) => LiveMedia | null;
  /** How often free space is checked while a recording waits for it. */
  diskPollMs?: number;
};

export type RecordingEvents = {
  /** A recording stopped for lack of disk space: its studio and the console show an alarm until `alertCleared`. */
  alert: [alert: RecordingAlert];
  /** The alarm is over (space returned, or the session ended). */
  alertCleared: [alert: RecordingAlert];
  /** The recording's playlist was finalized: it plays as VOD from now on. */
  finalized: [info: { sessionId: SessionId; recordingId: RecordingId; durationSec: number }];
  ready: [info: { sessionId: SessionId; recordingId: RecordingId }];
  /** A meeting's recording started or stopped (its host chose, or the disk filled up): everyone in it is told. */
  meetingRecording: [info: { sessionId: SessionId; recording: boolean; by: string | null }];
};

/** `record`: a meeting's host chose to record. `afterDiskFull`: the recording resumes because space returned. */
export type StartOptions = { record?: boolean; afterDiskFull?: boolean };
