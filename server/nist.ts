import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { probeFfmpeg } from '../media/recording/ffmpeg-info.js';
import { WorkerPool } from '../media/sfu/worker-pool.js';
import type { Config } from './config.js';
import { AccountsService } from './domain/accounts.service.js';
import { AuthService } from './domain/auth.service.js';
import { CatalogService } from './domain/catalog.service.js';
import { InvitesService } from './domain/invites.service.js';
import { LoginThrottle } from './domain/login-throttle.js';
import { seedDemoContent } from './domain/demo-seed.js';
import { SessionsService } from './domain/sessions.service.js';
import { createHttpApp } from './http/app.js';
import { accountsRouter } from './http/accounts.routes.js';
import { authRouter } from './http/auth.routes.js';
import { healthRouter, type HealthReport } from './http/health.routes.js';
import { invitesRouter } from './http/invites.routes.js';
import { recordingsAccess } from './http/recordings-access.middleware.js';
import { authenticate, csrfProtection, securityHeaders } from './http/security.middleware.js';
import { sessionsRouter } from './http/sessions.routes.js';
import type { Logger } from './logger.js';
import { databaseState, openDatabase } from './storage/database.js';
import { createRepositories } from './storage/repositories.js';
import { socketAuth } from './realtime/auth.middleware.js';

export type RunningNist = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

/** The composition root: everything Nist runs is built here and torn down by `stop`, in reverse order. */
export async function startNist(config: Config, log: Logger): Promise<RunningNist> {
  const db = openDatabase(path.join(config.dataDir, 'nist.db'));
  const repos = createRepositories(db);
  const catalog = new CatalogService(repos);
  const sessions = new SessionsService(repos);
  const throttle = new LoginThrottle({
    windowMs: 15 * 60_000,
    maxPerAccount: config.auth.maxFailuresPerAccount,
    maxPerAddress: config.auth.maxFailuresPerAddress,
    lockMs: config.auth.lockMs,
  });
  const auth = new AuthService(repos, throttle, config.auth, log.child({ component: 'auth' }));
  const accounts = new AccountsService(repos, throttle);
  const invites = new InvitesService(repos);
  if (config.demoContent) {
    const seeded = await seedDemoContent(repos, catalog, accounts);
    if (seeded) {
      const { accounts: demoAccounts, ...ids } = seeded;
      log.info({ component: 'seed', ...ids }, 'demo content created');
      process.stderr.write(
        `Demo content created. Demo-only staff accounts (change or disable them before real use):\n${demoAccounts
          .map((a) => `  ${a.username.padEnd(10)} ${a.password}`)
          .join('\n')}\n`,
      );
    }
  }

  let workers: WorkerPool;
  try {
    workers = await WorkerPool.start(
      {
        size: config.media.workers,
        listenIp: config.media.listenIp,
        announcedAddress: config.media.announcedAddress,
        webRtcServerPort: config.media.webRtcServerPort,
        rtcMinPort: config.media.rtcMinPort,
        rtcMaxPort: config.media.rtcMaxPort,
      },
      log.child({ component: 'sfu' }),
    );
  } catch (error) {
    db.close();
    throw error;
  }
  const ffmpeg = await probeFfmpeg(config.ffmpegPath);
  if (!ffmpeg.ok) log.warn({ component: 'media', error: ffmpeg.error }, 'ffmpeg is not usable; recording is off');

  const health = (): HealthReport => {
    const w = workers.stats;
    const d = databaseState(db);
    return {
      ok: w.alive === w.size && d.ok && ffmpeg.ok,
      workers: { size: w.size, alive: w.alive, restarts: w.restarts },
      ffmpeg: { ok: ffmpeg.ok, version: ffmpeg.ok ? ffmpeg.version : null },
      db: { ok: d.ok, schemaVersion: d.schemaVersion },
    };
  };

  const app = createHttpApp({
    log,
    webDistDir: config.webDistDir,
    recordingsDir: config.recordingsDir,
    first: [securityHeaders()],
    beforeApi: [authenticate(auth), csrfProtection()],
    recordingsAccess: recordingsAccess(repos.sessions),
    api: {
      health: healthRouter(health),
      sessions: sessionsRouter(sessions),
      auth: authRouter(auth, config.auth.absoluteMs),
      admin: accountsRouter(accounts, repos.audit),
      '': invitesRouter(invites),
    },
  });
  const server = http.createServer(app);
  const io = new SocketServer(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  io.use(socketAuth(auth));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    workers.close();
    db.close();
    const e = error as NodeJS.ErrnoException;
    throw new Error(
      e.code === 'EADDRINUSE' ? `Port ${config.port} is already in use; set PORT to a free port.` : e.message,
    );
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  log.info({ port, url, workers: config.media.workers }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        server.closeAllConnections();
      });
      workers.close();
      db.close();
      log.info('stopped');
    })());

  return { url, port, stop };
}
