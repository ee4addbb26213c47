import type { DiskReport } from '@server/recording/alarms.contract';
import type { RecordingAlarm } from '@server/live/live.contract';
import type { NamespaceSocket } from '../../lib/socket';

type AlarmsSocket = NamespaceSocket<'/alarms'>;

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
    const { socketFor } = await import('../../lib/socket');
    if (this.#stopped) return;
    const socket: AlarmsSocket = socketFor('/alarms');
    this.#socket = socket;
    // (Re)subscribe on every connection: a reconnect starts from the alarms raised now.
    socket.on('connect', () => {
      socket.emit('alarms:subscribe', {}, (reply) => {
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
