import type { Server } from 'socket.io';
import { alarmsChannel, alarmsContract } from './alarms.contract.js';
import { liveContract, type RecordingAlarm } from '../live/live.contract.js';
import { can, holdsSomewhere, type Principal } from '../accounts/authorization.js';
import { forbidden } from '../core/errors.js';
import type { BodyId, SessionId } from '../core/ids.js';
import type { RecordingAlert, RecordingsService } from './recordings.service.js';
import type { RepositoriesOf } from '../core/repositories.js';
import type { Logger } from '../core/logger.js';
import { contractRegistrar, namespaceOf } from '../core/socket/ack.js';
import type { SocketData } from '../accounts/socket-auth.js';
import { roomChannel, roomKey, type SessionRooms, type SignalingSocketData } from '../live/room-events.js';

/** `repos`: the sessions the alarms name (title) and address (their body's staff). */
export type RecordingAlarmsDeps = { rooms: SessionRooms; recordings: RecordingsService; repos: RepositoriesOf<'sessions'>; log: Logger };

/** Who sees a session's recording alarms in the console: its body's operators and archivists (admins too). */
const seesAlarmsOf = (principal: Principal, bodyId: BodyId) => can(principal, 'broadcast.run', bodyId) || can(principal, 'recordings.manage', bodyId);

/**
 * The recorder's alarms to people: the session's publishers on `/live` (the studio, the broadcast CLI) get
 * `recording:alarm` when it is raised and cleared, and again when they join while it is raised; consoles that
 * subscribed on `/alarms` (`alarms:subscribe`) get those of the bodies they work for.
 */
export function attachRecordingAlarms(io: Server, deps: RecordingAlarmsDeps): void {
  const { rooms, recordings, repos } = deps;
  const live = namespaceOf<typeof liveContract, SignalingSocketData>(io, liveContract);
  const alarms = namespaceOf<typeof alarmsContract, SocketData>(io, alarmsContract);
  const alarmOf = (alert: RecordingAlert, active: boolean): RecordingAlarm => ({
    sessionId: alert.sessionId,
    sessionTitle: repos.sessions.get(alert.sessionId)?.title ?? '',
    code: alert.code,
    active,
    freeBytes: active ? alert.freeBytes : recordings.disk.freeBytes,
    minFreeBytes: alert.minFreeBytes,
    since: alert.since,
  });
  const send = async (sessionId: SessionId, alarm: RecordingAlarm) => {
    const bodyId = repos.sessions.get(sessionId)?.bodyId;
    const publishers = (await live.in(roomChannel(roomKey(sessionId))).fetchSockets()).filter((s) => s.data.peer?.role === 'publisher');
    const consoles = (await alarms.in(alarmsChannel).fetchSockets()).filter(
      (s) => bodyId !== undefined && seesAlarmsOf(s.data.principal, bodyId),
    );
    for (const s of publishers) s.emit('recording:alarm', alarm);
    for (const s of consoles) s.emit('recording:alarm', alarm);
  };
  const report = (alert: RecordingAlert, active: boolean) =>
    void send(alert.sessionId, alarmOf(alert, active)).catch((err: unknown) => deps.log.error({ err, sessionId: alert.sessionId }, 'recording alarm not sent'));

  recordings.on('alert', (alert) => report(alert, true));
  recordings.on('alertCleared', (alert) => report(alert, false));

  // An operator who opens the studio (or reconnects) while the alarm is raised sees it at once.
  rooms.on('roomOpened', (room, sessionId) => {
    room.on('peerJoined', ({ peerId, role }) => {
      const alert = recordings.alerts.find((a) => a.sessionId === sessionId);
      if (alert && role === 'publisher') live.to(peerId).emit('recording:alarm', alarmOf(alert, true));
    });
  });

  alarms.on('connection', (socket) => {
    const request = contractRegistrar(alarmsContract, socket, deps.log);
    request('alarms:subscribe', async () => {
      const { principal } = socket.data;
      if (!holdsSomewhere(principal, 'broadcast.run') && !holdsSomewhere(principal, 'recordings.manage')) {
        throw forbidden('Only operators and archivists can follow recording alarms.');
      }
      await socket.join(alarmsChannel);
      const items = recordings.alerts
        .filter((a) => {
          const bodyId = repos.sessions.get(a.sessionId)?.bodyId;
          return bodyId !== undefined && seesAlarmsOf(principal, bodyId);
        })
        .map((a) => alarmOf(a, true));
      return { items, disk: recordings.disk };
    });
  });
}
