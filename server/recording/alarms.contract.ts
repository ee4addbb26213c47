import { z } from 'zod';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';
import type { RecordingAlarm } from '../live/live.contract.js';

/** The console's alarms: what needs a person's attention now (a recording stopped by a full disk). */

export const subscribeAlarmsSchema = z.object({}).strict();

/** The recordings disk as `/api/health` reports it. */
export type DiskReport = { ok: boolean; freeBytes: number; minFreeBytes: number };

/**
 * The `/alarms` namespace: the console's alarms. Its own namespace, not `/jobs`: operators follow alarms too,
 * and only archivists follow jobs; a console page that shows both still uses one connection (one Manager).
 * The session's publishers get the same `recording:alarm` on `/live`, where their studio already is.
 */
export const alarmsContract = defineNamespace({
  name: '/alarms',
  requests: {
    /**
     * Operators and archivists: the alarms raised now for sessions of their bodies, and the recordings disk;
     * then `recording:alarm` as alarms are raised and cleared.
     */
    'alarms:subscribe': { payload: subscribeAlarmsSchema, reply: z.custom<{ items: RecordingAlarm[]; disk: DiskReport }>() },
  },
  events: {
    'recording:alarm': z.custom<RecordingAlarm>(),
  },
});
export type AlarmsClientEvents = ClientToServer<typeof alarmsContract>;
export type AlarmsServerEvents = ServerToClient<typeof alarmsContract>;

/** The socket.io room of the consoles following alarms (each event is sent only to those allowed to see it). */
export const alarmsChannel = 'alarms';
