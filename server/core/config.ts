import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { turnUrlsSchema } from '../live/turn-credentials.js';
import type { TrustProxy } from './http/client-address.js';
import { addressList, booleanFromEnv, count, ipAddress, port, validTrust } from './config-values.js';
import { objectStoreAllOrNothing, objectStoreEnv, objectStoreOf, type ObjectStoreConfig } from '../recording/object-store.config.js';

/** The project root: config defaults are relative to it, not to the caller's working directory. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const ingestSimulcastSchema = booleanFromEnv.default(true);

const envSchema = z
  .object({
    PORT: port('TCP port').default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('data'),
    RECORDINGS_DIR: z.string().min(1).default('recordings'),
    PUBLIC_URL: z.url({ message: 'expected an absolute URL such as https://nist.example.am' }).optional(),
    /** Addresses (or names) browsers reach the media ports at, e.g. the public IP behind NAT. Unset: the host's own. */
    ANNOUNCED_ADDRESS: addressList.optional(),
    /** Address the media sockets bind to; a wildcard with no ANNOUNCED_ADDRESS binds each of the host's addresses. */
    RTC_LISTEN_IP: ipAddress.default('0.0.0.0'),
    /** First WebRtcServer port: worker i listens on RTC_PORT + i (UDP, with TCP fallback). 0 picks free ports. */
    RTC_PORT: port('port').default(44444),
    RTC_MIN_PORT: port('port').default(40000),
    /** RTMP ingest for encoders (OBS, vMix, hardware): its TCP port; 0 picks a free one, `off` disables it. */
    RTMP_PORT: z.union([z.literal('off'), port('TCP port')], { message: 'expected a TCP port number (0 picks a free one) or off' }).default(1935),
    /** Server-side simulcast: a single-layer source (RTMP, the CLI) is also offered at 360p, and 180p from 720p up. */
    INGEST_SIMULCAST: ingestSimulcastSchema,
    RTC_MAX_PORT: port('port').default(40999),
    MEDIASOUP_WORKERS: z.coerce
      .number({ message: 'expected a number of workers' })
      .int({ message: 'expected a whole number of workers' })
      .min(1, { message: 'expected at least 1 worker' })
      .max(64, { message: 'expected at most 64 workers' })
      .default(os.availableParallelism()),
    /** Viewers one router serves before a broadcast's producers are piped to a router on another worker. */
    VIEWERS_PER_ROUTER: z.coerce
      .number({ message: 'expected a number of viewers' })
      .int({ message: 'expected a whole number of viewers' })
      .min(1, { message: 'expected at least 1 viewer' })
      .max(10_000, { message: 'expected at most 10000 viewers' })
      .default(100),
    MEETING_MAX_PARTICIPANTS: z.coerce
      .number({ message: 'expected a number of participants' })
      .int({ message: 'expected a whole number of participants' })
      .min(2, { message: 'expected at least 2 participants' })
      .max(50, { message: 'expected at most 50 participants' })
      .default(12),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        message: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    /** Seed a demo council, sessions and accounts into an empty database. */
    DEMO_CONTENT: booleanFromEnv.default(true),
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    FFPROBE_PATH: z.string().min(1).default('ffprobe'),
    /** Recording stops (what it has stays playable) when RECORDINGS_DIR has less free space than this, and resumes when space returns. */
    RECORDING_MIN_FREE_MB: z.coerce
      .number({ message: 'expected a number of megabytes' })
      .int({ message: 'expected a whole number of megabytes' })
      .min(1, { message: 'expected at least 1' })
      .max(10_000_000, { message: 'expected at most 10000000' })
      .default(200),
    /**
     * How long a cache (nginx, a CDN, a browser) may serve a public session's recording file before asking the
     * origin again (a 304 when it is unchanged): a session a clerk hides stops being served within this time.
     */
    RECORDINGS_CACHE_SEC: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int({ message: 'expected a whole number of seconds' })
      .min(1, { message: 'expected at least 1' })
      .max(24 * 3600, { message: 'expected at most 86400 (a day)' })
      .default(60),
    /** Residents watching over WebRTC at most, per session; the others get the live HLS (unset: no limit). */
    LIVE_MAX_WEBRTC_VIEWERS: z.coerce
      .number({ message: 'expected a number of viewers' })
      .int({ message: 'expected a whole number of viewers' })
      .min(0, { message: 'expected 0 or more' })
      .optional(),
    /** How long a live session waits for its lost source (studio, encoder, a restart) before it ends by itself. */
    LIVE_RESUME_GRACE_SEC: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int({ message: 'expected a whole number of seconds' })
      .min(1, { message: 'expected at least 1' })
      .max(7 * 24 * 3600, { message: 'expected at most 604800 (a week)' })
      .default(600),
    /** A login ends after this long without requests, and at the latest after SESSION_MAX_HOURS. */
    SESSION_IDLE_MINUTES: z.coerce.number({ message: 'expected minutes' }).int().min(1).max(7 * 24 * 60).default(120),
    SESSION_MAX_HOURS: z.coerce.number({ message: 'expected hours' }).int().min(1).max(24 * 30).default(12),
    /** Failed logins per account (and per address) within 15 minutes before a 15-minute lock. */
    LOGIN_MAX_FAILURES: z.coerce.number({ message: 'expected a number' }).int().min(1).max(1000).default(5),
    LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number({ message: 'expected a number' }).int().min(1).max(10_000).default(20),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * Proxies whose X-Forwarded-For is believed (requests and socket handshakes alike): addresses, CIDR ranges
     * and the names loopback, linklocal, uniquelocal, comma-separated. Default: a proxy on this machine only.
     */
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .transform((raw) => raw.split(',').map((a) => a.trim()).filter(Boolean))
      .refine(validTrust, { message: 'expected addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated' }),
    /** Citizen questions: how many one browser, and one address, may send per minute and per day. */
    QUESTIONS_PER_MINUTE: count('questions', 10_000).default(3),
    QUESTIONS_PER_DAY: count('questions', 100_000).default(20),
    QUESTIONS_PER_ADDRESS_PER_MINUTE: count('questions', 100_000).default(10),
    QUESTIONS_PER_ADDRESS_PER_DAY: count('questions', 1_000_000).default(100),
    QUESTION_VOTES_PER_ADDRESS_PER_MINUTE: count('votes', 1_000_000).default(120),
    /**
     * Milliseconds within which question events for a busy session's residents go out as one message
     * (0: each on its own). Longer windows cost residents a little delay and save the server writes.
     */
    QUESTIONS_FEED_BATCH_MS: z.coerce
      .number({ message: 'expected a number of milliseconds' })
      .int({ message: 'expected a whole number of milliseconds' })
      .min(0, { message: 'expected 0 or more' })
      .max(1000, { message: 'expected at most 1000' })
      .default(50),
    /** The secret that browsers' client ids are hashed with; created on first start. Default: DATA_DIR/questions-secret.key. */
    QUESTIONS_SECRET_FILE: z.string().min(1).optional(),
    /** An external TURN server (coturn with use-auth-secret): its turn:/turns: URLs, comma-separated. */
    TURN_URLS: turnUrlsSchema.optional(),
    /** coturn's static-auth-secret: browsers get credentials made from it with the join reply. */
    TURN_SECRET: z.string().min(8, { message: 'expected the TURN server\'s shared secret (8 characters or more)' }).optional(),
    /** How long those credentials stay valid. */
    TURN_TTL_SEC: z.coerce
      .number({ message: 'expected a number of seconds' })
      .int({ message: 'expected a whole number of seconds' })
      .min(60, { message: 'expected at least 60' })
      .max(7 * 24 * 3600, { message: 'expected at most 604800 (a week)' })
      .default(3600),
    ...objectStoreEnv,
    /** Redis (redis:// or rediss://): the bus between Nist processes. Unset: one server on its own, as always. */
    REDIS_URL: z
      .url({ message: 'expected a Redis URL such as redis://127.0.0.1:6379' })
      .refine((u) => /^rediss?:\/\//.test(u), { message: 'expected a redis:// or rediss:// URL' })
      .optional(),
    /** origin: runs everything (the default, and what one server is); edge: media and public pages for an origin. */
    NIST_ROLE: z.enum(['origin', 'edge'], { message: 'expected origin or edge' }).default('origin'),
    /** An edge's origin, as the edge reaches it (http://origin.internal:3000): forwarded API requests and staff redirects go there. */
    ORIGIN_URL: z.url({ message: 'expected the origin\'s URL such as http://10.0.0.2:3000' }).optional(),
    /** The address other Nist nodes reach this one's media pipes at (origin ↔ edge PipeTransports, UDP). */
    CLUSTER_ADDRESS: ipAddress.default('127.0.0.1'),
    /** Encrypt the media pipes between origin and edges (SRTP); off on a private network. */
    CLUSTER_PIPE_SRTP: booleanFromEnv.default(false),
  })
  .refine((c) => c.NIST_ROLE !== 'edge' || c.ORIGIN_URL, { path: ['ORIGIN_URL'], message: 'expected the origin\'s URL: NIST_ROLE is edge' })
  .refine((c) => c.NIST_ROLE !== 'edge' || c.REDIS_URL, { path: ['REDIS_URL'], message: 'expected a Redis URL: an edge talks to its origin over Redis' })
  .refine((c) => c.RTC_MIN_PORT < c.RTC_MAX_PORT, {
    path: ['RTC_MAX_PORT'],
    message: 'expected RTC_MAX_PORT to be greater than RTC_MIN_PORT',
  })
  .refine((c) => !c.TURN_URLS || c.TURN_SECRET, { path: ['TURN_SECRET'], message: 'expected the TURN server\'s shared secret: TURN_URLS is set' })
  .refine((c) => !c.TURN_SECRET || c.TURN_URLS, { path: ['TURN_URLS'], message: 'expected the TURN server\'s URLs: TURN_SECRET is set' })
  .superRefine(objectStoreAllOrNothing);

type Env = z.infer<typeof envSchema>;

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  recordingsDir: string;
  webDistDir: string;
  publicUrl: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  demoContent: boolean;
  ffmpegPath: string;
  ffprobePath: string;
  shutdownTimeoutMs: number;
  /** TRUST_PROXY: express's `trust proxy` and the socket handshakes' client address. */
  trustProxy: TrustProxy;
  /** RECORDING_MIN_FREE_MB in bytes. */
  recordingMinFreeBytes: number;
  /** RECORDINGS_CACHE_SEC: how long caches may serve a public recording file without asking again. */
  recordingsCacheSec: number;
  liveResumeGraceMs: number;
  /** LIVE_MAX_WEBRTC_VIEWERS: WebRTC viewers per session at most; null = no limit. */
  liveMaxWebrtcViewers: number | null;
  /** RTMP_PORT: null when RTMP ingest is off; 0 picks a free port at start. */
  rtmpPort: number | null;
  /** INGEST_SIMULCAST: single-layer sources offered in two or three layers (media/ingest/video-layers.ts). */
  ingestSimulcast: boolean;
  questions: Readonly<{
    perClientPerMinute: number;
    perClientPerDay: number;
    perAddressPerMinute: number;
    perAddressPerDay: number;
    votesPerAddressPerMinute: number;
    feedBatchMs: number;
    secretFile: string;
  }>;
  auth: Readonly<{
    idleMs: number;
    absoluteMs: number;
    maxFailuresPerAccount: number;
    maxFailuresPerAddress: number;
    lockMs: number;
  }>;
  media: Readonly<{
    workers: number;
    listenIp: string;
    /** As configured: IPs and host names, resolved at start. Empty: announce the host's addresses. */
    announcedAddresses: readonly string[];
    webRtcServerPort: number;
    rtcMinPort: number;
    rtcMaxPort: number;
    viewersPerRouter: number;
    meetingMaxParticipants: number;
  }>;
  /** TURN_URLS with TURN_SECRET; absent when no TURN server is configured. */
  turn: Readonly<{ urls: readonly string[]; secret: string; ttlSec: number }> | undefined;
  /** The S3 settings when recordings are also kept in an object store; absent: the local disk only. */
  objectStore: ObjectStoreConfig | undefined;
  /** More than one process (server/cluster/): REDIS_URL, NIST_ROLE, ORIGIN_URL, CLUSTER_ADDRESS, CLUSTER_PIPE_SRTP. */
  cluster: Readonly<{
    role: 'origin' | 'edge';
    /** null: no Redis, one server alone. */
    redisUrl: string | null;
    /** An edge's origin; null on an origin. */
    originUrl: string | null;
    address: string;
    pipeSrtp: boolean;
  }>;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Unknown variables are ignored; a bad value throws ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = env[name];
        return `${name}=${value === undefined ? '(unset)' : JSON.stringify(value)}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(projectRoot, e.DATA_DIR),
    recordingsDir: path.resolve(projectRoot, e.RECORDINGS_DIR),
    webDistDir: path.join(projectRoot, 'web', 'dist'),
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    demoContent: e.DEMO_CONTENT,
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: Object.freeze(e.TRUST_PROXY),
    recordingMinFreeBytes: e.RECORDING_MIN_FREE_MB * 1024 * 1024,
    recordingsCacheSec: e.RECORDINGS_CACHE_SEC,
    liveResumeGraceMs: e.LIVE_RESUME_GRACE_SEC * 1000,
    liveMaxWebrtcViewers: e.LIVE_MAX_WEBRTC_VIEWERS ?? null,
    rtmpPort: e.RTMP_PORT === 'off' ? null : e.RTMP_PORT,
    ingestSimulcast: e.INGEST_SIMULCAST,
    questions: Object.freeze({
      perClientPerMinute: e.QUESTIONS_PER_MINUTE,
      perClientPerDay: e.QUESTIONS_PER_DAY,
      perAddressPerMinute: e.QUESTIONS_PER_ADDRESS_PER_MINUTE,
      perAddressPerDay: e.QUESTIONS_PER_ADDRESS_PER_DAY,
      votesPerAddressPerMinute: e.QUESTION_VOTES_PER_ADDRESS_PER_MINUTE,
      feedBatchMs: e.QUESTIONS_FEED_BATCH_MS,
      secretFile: path.resolve(projectRoot, e.QUESTIONS_SECRET_FILE ?? path.join(e.DATA_DIR, 'questions-secret.key')),
    }),
    auth: Object.freeze({
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_MAX_HOURS * 3_600_000,
      maxFailuresPerAccount: e.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockMs: 15 * 60_000,
    }),
    media: Object.freeze({
      workers: e.MEDIASOUP_WORKERS,
      listenIp: e.RTC_LISTEN_IP,
      announcedAddresses: Object.freeze(e.ANNOUNCED_ADDRESS ?? []),
      webRtcServerPort: e.RTC_PORT,
      rtcMinPort: e.RTC_MIN_PORT,
      rtcMaxPort: e.RTC_MAX_PORT,
      viewersPerRouter: e.VIEWERS_PER_ROUTER,
      meetingMaxParticipants: e.MEETING_MAX_PARTICIPANTS,
    }),
    turn: e.TURN_URLS && e.TURN_SECRET ? Object.freeze({ urls: Object.freeze(e.TURN_URLS), secret: e.TURN_SECRET, ttlSec: e.TURN_TTL_SEC }) : undefined,
    objectStore: objectStoreOf(e),
    cluster: Object.freeze({
      role: e.NIST_ROLE,
      redisUrl: e.REDIS_URL ?? null,
      originUrl: e.ORIGIN_URL ? e.ORIGIN_URL.replace(/\/+$/, '') : null,
      address: e.CLUSTER_ADDRESS,
      pipeSrtp: e.CLUSTER_PIPE_SRTP,
    }),
  });
}

/** INGEST_SIMULCAST alone, for the broadcast CLI (which runs its ffmpeg where it runs, without the server's settings). */
export function loadIngestSimulcast(env: NodeJS.ProcessEnv = process.env): boolean {
  const parsed = ingestSimulcastSchema.safeParse(env.INGEST_SIMULCAST);
  if (!parsed.success) throw new ConfigError([`INGEST_SIMULCAST=${JSON.stringify(env.INGEST_SIMULCAST)}: expected true or false (1 or 0)`]);
  return parsed.data;
}
