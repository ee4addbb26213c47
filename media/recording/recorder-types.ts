import type { types } from 'mediasoup';
import type { Logger } from '../logger.js';
import type { VideoLayout } from '../ffmpeg/record-args.js';
import type { Segment } from './hls-playlist.js';

/** What a Recorder is started with, how it ends and what it tells its owner (see recorder.ts). */
export type StartRecordingOptions = {
  router: types.Router;
  producers: types.Producer[];
  /** The recording's folder, e.g. recordings/<sessionId>; the source rendition goes to `<outDir>/source/`. */
  outDir: string;
  log: Logger;
  ffmpegPath?: string;
  segmentSeconds?: number;
  layout?: VideoLayout;
  /** Continue a recording an earlier process left in `outDir` (after a server restart), marking the gap. */
  resume?: boolean;
  /**
   * Stop recording (and keep what is recorded) when the disk has less free space than this (the server passes
   * RECORDING_MIN_FREE_MB); it also stops when there is no room left for two more segments.
   */
  minFreeBytes?: number;
  restartDelayMs?: number;
  /** How long a producer's pause or resume must last before the recording follows it (ffmpeg restarts). */
  flowSettleMs?: number;
  /** How long a new active speaker must hold the floor before the layout shows them large. */
  speakerHoldMs?: number;
};

export type RecordingEnd = {
  reason: 'stopped' | 'diskFull' | 'failed';
  durationSec: number;
  segments: number;
  /** The finalized playlist, relative to outDir ("source/index.m3u8"). */
  playlist: string;
};

export type RecorderEvents = {
  segment: [segment: Segment & { index: number; recordedSec: number }];
  /** ffmpeg was started again: after a crash, for a changed set of producers, or resuming after a restart. */
  restarted: [info: { run: number; reason: 'crash' | 'producers' | 'resumed'; gapSec: number | null }];
  diskFull: [info: { freeBytes: number; recordedSec: number }];
  ended: [end: RecordingEnd];
};
