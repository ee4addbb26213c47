import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Server as SocketServer } from 'socket.io';
import { probeFfmpeg } from '../media/ffmpeg/probe.js';
import { diskState } from '../media/recording/disk-space.js';
import type { WorkerPool } from '../media/sfu/worker-pool.js';
import type { MediaAddresses } from './live/media.contract.js';
import { startWorkerPool } from './live/media-startup.js';
import type { Config } from './core/config.js';
import { AccountsService } from './accounts/accounts.service.js';
import { AuthService } from './accounts/auth.service.js';
import { CatalogService } from './civic/catalog.service.js';
import { InvitesService } from './accounts/invites.service.js';
import { LoginThrottle } from './accounts/login-throttle.js';
import { ChaptersService } from './civic/chapters.service.js';
import { demoAccountsFile, demoAccountsWithFirstPassword, isLoopbackUrl, seedDemoContent } from './demo/demo-seed.js';
import { SessionsService } from './civic/sessions.service.js';
import { createHttpApp } from './core/http/app.js';
import { residentsToEdges } from './cluster/resident-redirect.js';
import { accountsRouter } from './accounts/accounts.routes.js';
import { bodiesRouter } from './civic/bodies.routes.js';
import { authRouter } from './accounts/auth.routes.js';
import { healthRouter, type HealthParts } from './core/http/health.routes.js';
import { invitesRouter } from './accounts/invites.routes.js';
import { StreamKeysService } from './live/stream-keys.service.js';
import { streamKeysRouter } from './live/stream-keys.routes.js';
import { RtmpIngest } from './live/rtmp-ingest.js';
import { EncoderGate } from './live/encoder-session.js';
import { WhipIngest } from './live/whip.service.js';
import { whipRouter } from './live/whip.routes.js';
import { recordingsAccess } from './recording/recordings-access.middleware.js';
import { authenticate, csrfProtection, securityHeaders } from './accounts/security.middleware.js';
import { sessionsRouter } from './civic/sessions.routes.js';
import { mediaRouter } from './live/media.routes.js';
import type { Logger } from './core/logger.js';
import { databaseState, openDatabase } from './core/database.js';
import { createRepositories } from './core/repositories.js';
import { socketAuth } from './accounts/socket-auth.js';
import { socketContracts } from './core/socket/namespaces.js';
import { closeConnections } from './core/socket/close.js';
import { RoomRegistry } from '../media/sfu/room-registry.js';
import { LiveService } from './live/live.service.js';
import { attachLiveMedia, liveMediaOf } from './live/module.js';
import { attachRecordingAlarms } from './recording/recording-alarms.handlers.js';
import { attachMeetingRecording } from './recording/meeting-recording.handlers.js';
import { JobsService } from './jobs/jobs.service.js';
import { RecordingsService } from './recording/recordings.service.js';
import { wireRecorder } from './recording/module.js';
import { createRecordingStore, storedFilesFor } from './recording/store.module.js';
import { jobsRouter } from './jobs/jobs.routes.js';
import { attachJobs } from './jobs/jobs.handlers.js';
import type { SessionId } from './core/ids.js';
import { registerDemoRecordingJob } from './demo/demo-recording.job.js';
import { createQuestions } from './questions/module.js';
import { questionsRouter } from './questions/questions.routes.js';
import { attachQuestions } from './questions/questions.handlers.js';
import { createCivic } from './civic/module.js';
import { startOriginCluster } from './cluster/origin.js';
import { OpenDataRepository } from './open/open.repository.js';
import { openRouter } from './open/open.routes.js';
import { createLiveCaptions } from './captions/module.js';
import { createRetention } from './recording/retention.module.js';

export type RunningNist = {
  url: string;
  port: number;
  /** The HTTP app as composed (tests list its routes against docs/openapi.yaml). */
  app: Express;
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
  const streamKeys = new StreamKeysService(repos);
  const encoders = new EncoderGate(streamKeys, repos, log.child({ component: 'encoders' }));
  let rtmp: RtmpIngest | null = null;
  const jobs = new JobsService(repos.jobs, log.child({ component: 'jobs' }));
  const store = createRecordingStore(config, { db, jobs, log: log.child({ component: 'recording-store' }) });
  const chapters = new ChaptersService(repos, store);
  if (config.demoContent) {
    const seeded = await seedDemoContent(repos, catalog, accounts, { chapters, dataDir: config.dataDir });
    if (seeded) {
      const { accounts: demoAccounts, ...ids } = seeded;
      log.info({ component: 'seed', ...ids, file: path.join(config.dataDir, demoAccountsFile) }, 'demo content created');
      process.stderr.write(
        `Demo content created. Demo-only staff accounts (change or disable them before real use; also in ${path.join(config.dataDir, demoAccountsFile)}):\n${demoAccounts
          .map((a) => `  ${a.username.padEnd(10)} ${a.password}`)
          .join('\n')}\n`,
      );
    }
  }
  // Demo accounts are for trying Nist out: on a public site they get passwords of their own or are disabled.
  // Said at every start until then (a changed password no longer matches demo-accounts.json).
  if (config.publicUrl && !isLoopbackUrl(config.publicUrl)) {
    const exposed = await demoAccountsWithFirstPassword(repos, config.dataDir);
    if (exposed.length > 0) {
      log.warn({ component: 'seed', accounts: exposed, publicUrl: config.publicUrl }, 'demo accounts still have their first password on a public site');
      process.stderr.write(
        `WARNING: ${config.publicUrl} has demo accounts with their first password (${exposed.join(', ')}); change or disable them in /console, or start on an empty DATA_DIR with DEMO_CONTENT=false.\n`,
      );
    }
  }

  let workers: WorkerPool;
  let mediaAddresses: MediaAddresses;
  try {
    ({ workers, addresses: mediaAddresses } = await startWorkerPool(config, log));
  } catch (error) {
    db.close();
    throw error;
  }
  const ffmpeg = await probeFfmpeg(config.ffmpegPath);
  if (!ffmpeg.ok) log.warn({ component: 'media', error: ffmpeg.error }, 'ffmpeg is not usable; recording is off');

  const health = (): HealthParts => {
    const w = workers.stats;
    const d = databaseState(db);
    return {
      workers: { size: w.size, alive: w.alive, restarts: w.restarts },
      ffmpeg: { ok: ffmpeg.ok, version: ffmpeg.ok ? ffmpeg.version : null },
      db: { ok: d.ok, schemaVersion: d.schemaVersion },
      disk: diskState(config.recordingsDir, config.recordingMinFreeBytes),
      ...(cluster ? { cluster: cluster.health() } : {}),
    };
  };

  const rooms = new RoomRegistry<SessionId>(
    workers,
    { viewersPerRouter: config.media.viewersPerRouter, maxParticipants: config.media.meetingMaxParticipants },
    log.child({ component: 'rooms' }),
  );
  const live = new LiveService(repos, (id) => liveMediaOf(rooms, id), log.child({ component: 'live' }), {
    resumeGraceMs: config.liveResumeGraceMs,
  });
  // Encoders (OBS 30+, browsers, GStreamer) publish WebRTC over WHIP with a session's stream key.
  const whip = new WhipIngest({
    roomOf: (id) => rooms.get(id),
    joinAsPublisher: async (id, peerId, info) => (await rooms.join({ sessionId: id, kind: 'broadcast' }, peerId, 'publisher', info)).room,
    live,
    gate: encoders,
    simulcast: config.ingestSimulcast,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    log: log.child({ component: 'whip' }),
  });
  const recordings = new RecordingsService(repos, jobs, log.child({ component: 'recordings' }), {
    store,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    minFreeBytes: config.recordingMinFreeBytes,
    mediaOf: (id) => liveMediaOf(rooms, id),
  });
  if (ffmpeg.ok) {
    wireRecorder(rooms, live, recordings, log);
    registerDemoRecordingJob(jobs, repos, chapters, store, log.child({ component: 'demo-recording' }), {
      ffmpegPath: config.ffmpegPath,
      ffprobePath: config.ffprobePath,
    });
    recordings.recoverAfterRestart();
    jobs.start();
  }

  const questions = createQuestions(repos, config.questions, log.child({ component: 'questions' }), (id) => recordings.offsetOf(id));

  const liveCaptions = createLiveCaptions({ repos, store, live, offsetOf: (id) => recordings.offsetOf(id), log });
  const civic = createCivic({ config, repos, catalog, chapters, store, offsetOf: (id) => recordings.offsetOf(id), log });
  const retention = createRetention({ repos, store, log });
  const app = createHttpApp({
    log,
    trustProxy: config.trustProxy,
    webDistDir: config.webDistDir,
    recordingsDir: config.recordingsDir,
    recordingsCacheSec: config.recordingsCacheSec,
    first: [securityHeaders()],
    // REDIS_URL with a healthy edge: residents' session pages are served by the least loaded edge.
    beforePages: [residentsToEdges(() => cluster?.leastLoadedEdge()?.url)],
    beforeApi: [authenticate(auth), csrfProtection()],
    recordingsAccess: recordingsAccess(repos.sessions),
    recordingsFromStore: storedFilesFor(store, repos.sessions, config, log.child({ component: 'recording-store' })),
    wantsLivePlayer: (pathname) => {
      const id = /^\/sessions\/(\d{1,15})\/?$/.exec(pathname)?.[1];
      const session = id === undefined ? undefined : repos.sessions.get(Number(id) as SessionId);
      return session?.kind === 'council' && session.visibility === 'public' && (session.status === 'live' || session.status === 'scheduled');
    },
    api: {
      health: healthRouter(health),
      sessions: sessionsRouter(sessions),
      bodies: bodiesRouter(repos.bodies, repos.sessions, repos.members),
      auth: authRouter(auth, config.auth.absoluteMs),
      admin: accountsRouter(accounts, repos.audit),
      '': invitesRouter(invites),
      'sessions/:id/stream-key': streamKeysRouter(streamKeys, {
        publicUrl: config.publicUrl,
        rtmpPort: () => rtmp?.port ?? null,
        encoder: async (id) => (await whip.status(id)) ?? (rtmp ? rtmp.status(id) : null),
      }),
      whip: whipRouter(whip),
      media: mediaRouter(workers, rooms, mediaAddresses),
      jobs: jobsRouter(jobs),
      'sessions/:id/questions': questionsRouter(questions.residents, questions.fingerprints),
      ...civic.api,
      open: openRouter(new OpenDataRepository(db), config.publicUrl),
      retention: retention.router,
    },
    site: civic.site,
  });
  const server = http.createServer(app);
  const io = new SocketServer(server, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  // REDIS_URL: socket.io across processes, the node registry, the edges' requests and media pipes (server/cluster/).
  const cluster = config.cluster.redisUrl
    ? await startOriginCluster(io, config.cluster.redisUrl, { config, log, rooms, repos, live, questions, captions: liveCaptions.service, workers, mediaAddresses })
    : null;
  // Every namespace checks the handshake (same origin, login cookie); `/` serves nothing, but refuses the same way.
  const handshake = socketAuth(auth);
  io.use(handshake);
  for (const contract of socketContracts) io.of(contract.name).use(handshake);
  attachLiveMedia(io, {
    rooms,
    live,
    invites,
    turn: config.turn,
    maxWebrtcViewers: config.liveMaxWebrtcViewers,
    edgeFor: () => cluster?.leastLoadedEdge()?.url ?? null,
    log: log.child({ component: 'signaling' }),
  });
  if (config.turn) log.info({ turnUrls: config.turn.urls, ttlSec: config.turn.ttlSec }, 'TURN: browsers get credentials for these servers');
  attachRecordingAlarms(io, { rooms, recordings, repos, log: log.child({ component: 'alarms' }) });
  // Live sessions this process has no media for lost their source (a restart): residents wait out the grace.
  live.recoverInterrupted();
  attachMeetingRecording(io, { rooms, recordings: ffmpeg.ok ? recordings : null, log: log.child({ component: 'signaling' }) });
  attachQuestions(io, questions, log.child({ component: 'questions' }), { feedBatchMs: config.questions.feedBatchMs, trustProxy: config.trustProxy });
  civic.attach(io);
  liveCaptions.attach(io);
  attachJobs(io, jobs, log.child({ component: 'jobs' }));

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
  // Encoders (OBS, vMix, hardware) publish RTMP with a session's stream key; RTMP_PORT=off leaves it out.
  if (config.rtmpPort !== null) {
    try {
      rtmp = await RtmpIngest.start(
        {
          roomOf: (id) => rooms.get(id),
          joinAsPublisher: async (id, peerId, info) => (await rooms.join({ sessionId: id, kind: 'broadcast' }, peerId, 'publisher', info)).room,
          live,
          gate: encoders,
          ffmpegPath: config.ffmpegPath,
          ffprobePath: config.ffprobePath,
          simulcast: config.ingestSimulcast,
          log: log.child({ component: 'rtmp' }),
        },
        { bind: config.host, port: config.rtmpPort, storeDir: path.join(config.dataDir, 'rtmp') },
      );
    } catch (error) {
      server.close();
      workers.close();
      db.close();
      throw error;
    }
  }
  // Deletes what the bodies' retention rules make due: once now, then hourly.
  retention.start();
  await cluster?.announce(url);
  log.info({ port, url, rtmpPort: rtmp?.port ?? null, workers: config.media.workers }, 'listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('shutting down');
      await closeConnections(io, server);
      await cluster?.stop();
      await rtmp?.stop();
      whip.stop();
      await recordings.stop();
      await retention.stop();
      await jobs.stop();
      rooms.closeAll('shutdown');
      live.stop();
      workers.close();
      db.close();
      log.info('stopped');
    })());

  return { url, port, app, stop };
}
