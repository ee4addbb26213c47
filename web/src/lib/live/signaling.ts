import type { JoinReply, JoinRole, TransportReply, WatchReply } from '@server/live/live.contract';
import { request, socketFor, type NamespaceSocket } from '../socket';

export { request, SocketRequestError as SignalingError } from '../socket';
export type SignalingSocket = NamespaceSocket<'/live'>;

/** The page's `/live` socket (see ../socket.ts): session status, the media room, meetings. */
export function openSignaling(): SignalingSocket {
  return socketFor('/live');
}

/**
 * A User Timing mark (`nist:sfu:<step>`), so that page open → first frame can be broken down step by step
 * (scripts/bench/late-joiner.bench.ts reads them).
 */
export const markStep = (step: string) => performance.mark(`nist:sfu:${step}`);

export type JoinIdentity = { sessionId: number; role: JoinRole; displayName?: string; inviteToken?: string };

/** The viewer's first requests, sent together (see `sendViewerRequests`). */
export type ViewerRequests = { watch: Promise<WatchReply>; join: Promise<JoinReply>; recv: Promise<TransportReply> };

export function requestJoin(socket: SignalingSocket, { sessionId, role, displayName, inviteToken }: JoinIdentity): Promise<JoinReply> {
  return request(socket, 'signal:join', { sessionId, role, displayName, inviteToken });
}

/**
 * Watch, join and the receive transport in one round trip, sent at once (socket.io holds them until the socket
 * is connected): the server handles one socket's requests in order. When the session is not on air, join and
 * transport fail; their failures are the caller's to ignore, as the watch reply says why.
 */
export function sendViewerRequests(socket: SignalingSocket, identity: JoinIdentity): ViewerRequests {
  const watch = request(socket, 'session:watch', { sessionId: identity.sessionId });
  const join = requestJoin(socket, identity);
  const recv = request(socket, 'signal:create-transport', { direction: 'recv' });
  join.catch(() => undefined);
  recv.catch(() => undefined);
  return { watch, join, recv };
}
