import type http from 'node:http';
import type { Server as SocketServer } from 'socket.io';

/** Shutdown's first step: every socket told to go, socket.io closed, and the HTTP keep-alive connections cut. */
export async function closeConnections(io: SocketServer, server: http.Server): Promise<void> {
  io.disconnectSockets(true);
  await new Promise<void>((resolve) => {
    io.close(() => resolve());
    server.closeAllConnections();
  });
}
