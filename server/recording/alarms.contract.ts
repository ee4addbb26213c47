import { z } from 'zod';
import type { Ack } from '../core/common.contract.js';
import type { RecordingAlarm } from '../live/live.contract.js';

/** The console's alarms: what needs a person's attention now (a recording stopped by a full disk). */

export const subscribeAlarmsSchema = z.object({}).strict();

/** The recordings disk as `/api/health` reports it. */
export type DiskReport = { ok: boolean; freeBytes: number; minFreeBytes: number };

export type AlarmsClientEvents = {
  /**
   * Operators and archivists: the alarms raised now for sessions of their bodies, and the recordings disk;
   * then `recording:alarm` as alarms are raised and cleared.
   */
  'alarms:subscribe': (payload: Record<string, never>, ack: (reply: Ack<{ items: RecordingAlarm[]; disk: DiskReport }>) => void) => void;
};

export type AlarmsServerEvents = {
  'recording:alarm': (alarm: RecordingAlarm) => void;
};

/** The socket.io room of the consoles following alarms (each event is sent only to those allowed to see it). */
export const alarmsChannel = 'alarms';
