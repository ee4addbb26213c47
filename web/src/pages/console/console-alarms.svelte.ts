import type { Socket } from 'socket.io-client';
import type { AlarmsClientEvents, AlarmsServerEvents, DiskReport } from '@server/recording/alarms.contract';
import type { RecordingAlarm } from '@server/live/live.contract';
import type { Ack } from '@server/core/common.contract';
import { socketOptions } from '../../lib/socket-options';

type AlarmsSocket = Socket<AlarmsServerEvents, AlarmsClientEvents>;

/** The alarms raised now for the bodies this account works for (`alarms:subscribe`, then `recording:alarm`). */
export class ConsoleAlarms {
  #alarms = $state.raw<RecordingAlarm[]>([]);
  #disk = $state.raw<DiskReport | null>(null);
  #socket: AlarmsSocket | null = null;
  #stopped = false;

  get alarms(): RecordingAlarm[] {
    return this.#alarms;
  }
  /** The recordings disk as it was when the console subscribed (or last heard of an alarm). */
  get disk(): DiskReport | null {
    return this.#disk;
  }

  async start(): Promise<void> {
    const { io } = await import('socket.io-client');
    if (this.#stopped) return;
    const socket: AlarmsSocket = io(socketOptions);
    this.#socket = socket;
    // (Re)subscribe on every connection: a reconnect starts from the alarms raised now.
    socket.on('connect', () => {
      socket.emit('alarms:subscribe', {} as Record<string, never>, (reply: Ack<{ items: RecordingAlarm[]; disk: DiskReport }>) => {
        if (!reply.ok) return;
        this.#alarms = reply.data.items;
        this.#disk = reply.data.disk;
      });
    });
    socket.on('recording:alarm', (alarm) => {
      const others = this.#alarms.filter((a) => a.sessionId !== alarm.sessionId);
      this.#alarms = alarm.active ? [...others, alarm] : others;
      this.#disk = { ok: alarm.active ? false : alarm.freeBytes >= alarm.minFreeBytes, freeBytes: alarm.freeBytes, minFreeBytes: alarm.minFreeBytes };
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.disconnect();
    this.#socket = null;
  }
}
