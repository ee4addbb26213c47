import { once } from 'node:events';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.js';

/** One RTMP connection as node-media-server describes it (only what Nist reads). */
type NmsSession = {
  id: string;
  /** "address:port" of the peer. */
  ip: string;
  streamApp: string;
  streamName: string;
  streamPath: string;
  socket?: net.Socket;
  close: () => void;
};
type NmsServer = {
  on: (event: string, listener: (session: NmsSession) => void) => void;
  run: () => Promise<void>;
  stop: () => Promise<void>;
  store?: { _onSignal?: (signal: NodeJS.Signals) => void };
};
type NmsLogger = { level: string; log: (message: string, level?: string) => void };

const require = createRequire(import.meta.url);

/** A publisher asking to go on air: `app`/`name` from `rtmp://host:port/<app>/<name>`. */
export type RtmpPublish = {
  id: string;
  app: string;
  name: string;
  /** The encoder's address (without its port). */
  address: string;
  /** Fires once when the publisher's connection closes. */
  onClose: (listener: () => void) => void;
  /** Drops the publisher's connection. */
  close: () => void;
};

export type RtmpServerOptions = {
  bind: string;
  /** 0 picks a free port. */
  port: number;
  /** node-media-server's own JSON store (it insists on one). */
  storeDir: string;
  log: Logger;
  /**
   * Decides synchronously, before any media is read, whether a publisher goes on air; a refused one is
   * disconnected at once (its encoder sees the connection close).
   */
  authorize: (publish: RtmpPublish) => boolean;
};

const addressOf = (ip: string) => ip.replace(/:\d+$/, '');
const isLoopback = (address: string) => /^(127\.|::1$|::ffff:127\.)/.test(address);

/**
 * The RTMP listener for encoders (OBS, vMix, hardware): node-media-server 4 embedded with only its RTMP part
 * (no web admin, no HTTP port), its logger routed into ours. Playing a stream back is allowed on loopback only:
 * that is how Nist's own ingest ffmpeg reads an accepted publisher.
 */
export class RtmpServer {
  private constructor(
    private readonly nms: NmsServer,
    readonly port: number,
  ) {}

  static async start(options: RtmpServerOptions): Promise<RtmpServer> {
    const port = await reservePort(options.bind, options.port);
    const nmsLogger = require('node-media-server/src/core/logger.js') as NmsLogger;
    const NodeMediaServer = require('node-media-server') as new (config: Record<string, unknown>) => NmsServer;
    const nms = new NodeMediaServer({
      bind: options.bind,
      rtmp: { port, chunk_size: 60000, gop_cache: true, ping: 30, ping_timeout: 60 },
      store: { path: path.join(options.storeDir) },
      webadmin: { enable: false },
    });
    // Its constructor sets the level to debug and prints to stdout; only its warnings and errors reach our log.
    const log = options.log.child({ component: 'rtmp' });
    nmsLogger.level = 'warn';
    nmsLogger.log = (message: string, level = 'info') => {
      if (level === 'error') log.error({ nms: message }, 'node-media-server error');
      else if (level === 'warn') log.warn({ nms: message }, 'node-media-server warning');
    };
    const refused = new Set<string>();
    nms.on('prePublish', (session) => {
      const publish: RtmpPublish = {
        id: session.id,
        app: session.streamApp,
        name: session.streamName,
        address: addressOf(session.ip),
        onClose: (listener) => {
          if (!session.socket || session.socket.destroyed) return void setImmediate(listener);
          session.socket.once('close', listener);
        },
        close: () => session.close(),
      };
      let ok = false;
      try {
        ok = options.authorize(publish);
      } catch (err) {
        log.error({ err }, 'RTMP publish check failed');
      }
      if (!ok) {
        refused.add(session.id);
        session.close();
        session.socket?.destroy();
      }
    });
    // postPublish still fires for a refused session: nothing more to do for it.
    nms.on('donePublish', (session) => refused.delete(session.id));
    nms.on('prePlay', (session) => {
      if (!isLoopback(addressOf(session.ip))) {
        log.warn({ address: addressOf(session.ip), app: session.streamApp }, 'RTMP play refused: playing back is for the server itself');
        session.close();
      }
    });
    await nms.run();
    // Its store flushes and re-raises SIGINT/SIGTERM itself, which the server's own handler would take for a second
    // signal (exit 1, no graceful stop). The server stops it in its shutdown instead.
    const onSignal = nms.store?._onSignal;
    if (onSignal) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
    return new RtmpServer(nms, port);
  }

  /** `rtmp://127.0.0.1:<port>/<app>/<name>`: where the server's own ffmpeg reads an accepted publisher. */
  loopbackUrl(app: string, name: string): string {
    return `rtmp://127.0.0.1:${this.port}/${app}/${encodeURIComponent(name)}`;
  }

  async stop(): Promise<void> {
    await this.nms.stop();
  }
}

/**
 * node-media-server starts no listener for port 0 and exits the process when its port is taken: the port is
 * checked (or a free one picked) here first, so a busy port is an ordinary start error.
 */
async function reservePort(bind: string, port: number): Promise<number> {
  const probe = net.createServer();
  probe.listen(port, bind);
  try {
    await once(probe, 'listening');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new Error(e.code === 'EADDRINUSE' ? `RTMP port ${port} is already in use; set RTMP_PORT to a free port (0 picks one, off disables RTMP).` : e.message);
  }
  const chosen = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return chosen;
}
