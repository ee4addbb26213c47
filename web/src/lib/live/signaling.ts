import { socketFor, type NamespaceSocket } from '../socket';

export { request, SocketRequestError as SignalingError } from '../socket';
export type SignalingSocket = NamespaceSocket<'/live'>;

/** The page's `/live` socket (see ../socket.ts): session status, the media room, meetings. */
export function openSignaling(): SignalingSocket {
  return socketFor('/live');
}
