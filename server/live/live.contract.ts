import { z } from 'zod';
import { defineNamespace, type ClientToServer, type ServerToClient } from '../core/socket/contract.js';
import { idSchema } from '../core/common.contract.js';

/** mediasoup object ids are UUIDs; a peer id is a socket id. */
const objectId = z.uuid({ message: 'expected a mediasoup id' });
const peerId = z.string().min(1).max(64);
const json = z.union([z.string().max(512), z.number(), z.boolean()]);

export const mediaKindSchema = z.enum(['audio', 'video']);
export const mediaSourceSchema = z.enum(['camera', 'microphone', 'screen']);
/** interpreter: sends an interpretation (audio) or sign language (camera) beside a council session's floor. */
export const joinRoleSchema = z.enum(['viewer', 'publisher', 'participant', 'interpreter']);
/** The languages an interpreter may speak on air (the product's languages). */
export const interpretationLangSchema = z.enum(['hy', 'en', 'ru'], { message: 'expected one of hy, en, ru' });
/** What an interpreter's producer carries; a producer without it is the floor. */
export const trackClaimSchema = z.discriminatedUnion(
  'track',
  [
    z.object({ track: z.literal('interpretation'), lang: interpretationLangSchema }).strict(),
    z.object({ track: z.literal('sign') }).strict(),
  ],
  { message: "expected { track: 'interpretation', lang } or { track: 'sign' }" },
);

const rtcpFeedback = z.looseObject({ type: z.string().max(32), parameter: z.string().max(32).optional() });
const codecParameters = z.record(z.string().max(64), json);

export const rtpParametersSchema = z.looseObject({
  mid: z.string().max(32).optional(),
  codecs: z
    .array(
      z.looseObject({
        mimeType: z.string().regex(/^(audio|video)\/[\w-]{1,32}$/, { message: 'expected a MIME type such as video/VP8' }),
        payloadType: z.number().int().min(0).max(127),
        clockRate: z.number().int().positive().max(1_000_000),
        channels: z.number().int().min(1).max(8).optional(),
        parameters: codecParameters.optional(),
        rtcpFeedback: z.array(rtcpFeedback).max(16).optional(),
      }),
    )
    .min(1, { message: 'at least one codec is needed' })
    .max(8),
  headerExtensions: z.array(z.looseObject({ uri: z.string().max(256), id: z.number().int().min(1).max(255) })).max(16).optional(),
  encodings: z
    .array(
      z.looseObject({
        ssrc: z.number().int().nonnegative().optional(),
        rid: z.string().max(16).optional(),
        maxBitrate: z.number().nonnegative().optional(),
        scaleResolutionDownBy: z.number().min(1).optional(),
        scalabilityMode: z.string().max(16).optional(),
      }),
    )
    .max(4)
    .optional(),
  rtcp: z.looseObject({ cname: z.string().max(128).optional(), reducedSize: z.boolean().optional() }).optional(),
});
export type RtpParametersShape = z.infer<typeof rtpParametersSchema>;

export const rtpCapabilitiesSchema = z.looseObject({
  codecs: z.array(z.looseObject({ kind: mediaKindSchema, mimeType: z.string().max(64), clockRate: z.number() })).max(64).optional(),
  headerExtensions: z.array(z.looseObject({ uri: z.string().max(256) })).max(64).optional(),
});

export const dtlsParametersSchema = z.looseObject({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(z.object({ algorithm: z.string().max(16), value: z.string().max(256) }))
    .min(1, { message: 'at least one DTLS fingerprint is needed' })
    .max(8),
});

const layersShape = {
  spatialLayer: z.number().int().min(0).max(3),
  temporalLayer: z.number().int().min(0).max(3).optional(),
};

export const watchRequestSchema = z.object({ sessionId: idSchema }).strict();
export const joinRequestSchema = z
  .object({
    sessionId: idSchema,
    role: joinRoleSchema,
    /** Only a label for invite holders; staff are named by their account. */
    displayName: z.string().trim().min(1).max(60).optional(),
    inviteToken: z.string().min(1).max(100).optional(),
  })
  .strict();
export const createTransportRequestSchema = z.object({ direction: z.enum(['send', 'recv']) }).strict();
export const createPlainTransportRequestSchema = z.object({}).strict();
export const connectTransportRequestSchema = z.object({ transportId: objectId, dtlsParameters: dtlsParametersSchema }).strict();
export const produceRequestSchema = z
  .object({
    transportId: objectId,
    kind: mediaKindSchema,
    rtpParameters: rtpParametersSchema,
    source: mediaSourceSchema,
    paused: z.boolean().optional(),
    appData: trackClaimSchema.optional(),
  })
  .strict()
  .refine((r) => r.source !== 'microphone' || r.kind === 'audio', { message: 'a microphone produces audio' })
  .refine((r) => r.appData?.track !== 'interpretation' || (r.kind === 'audio' && r.source === 'microphone'), {
    message: 'an interpretation is audio from a microphone',
    path: ['appData'],
  })
  .refine((r) => r.appData?.track !== 'sign' || (r.kind === 'video' && r.source === 'camera'), {
    message: 'sign language is video from a camera',
    path: ['appData'],
  });
export const consumeRequestSchema = z
  .object({
    transportId: objectId,
    producerId: objectId,
    rtpCapabilities: rtpCapabilitiesSchema,
    preferredLayers: z.object(layersShape).strict().optional(),
  })
  .strict();
export const consumerRequestSchema = z.object({ consumerId: objectId }).strict();
export const producerRequestSchema = z.object({ producerId: objectId }).strict();
export const setLayersRequestSchema = z.object({ consumerId: objectId, ...layersShape }).strict();
export const emptyRequestSchema = z.object({}).strict();
export const sessionRequestSchema = z.object({ sessionId: idSchema }).strict();
export const muteRequestSchema = z.object({ peerId }).strict();
/** The meeting's host starts (`record: true`) or stops its recording; everyone in the meeting is told. */
export const recordRequestSchema = z.object({ sessionId: idSchema, record: z.boolean() }).strict();

export type JoinRequest = z.infer<typeof joinRequestSchema>;
export type ProduceRequest = z.infer<typeof produceRequestSchema>;
export type ConsumeRequest = z.infer<typeof consumeRequestSchema>;
export type MediaSource = z.infer<typeof mediaSourceSchema>;
export type JoinRole = z.infer<typeof joinRoleSchema>;
export type InterpretationLang = z.infer<typeof interpretationLangSchema>;
export type TrackClaim = z.infer<typeof trackClaimSchema>;
/** floor: the session itself; interpretation: audio in `lang`; sign: sign-language video. */
export type ProducerTrack = 'floor' | 'interpretation' | 'sign';
export type SessionStatus = 'scheduled' | 'live' | 'ended';

/** Replies. mediasoup structures are typed loosely here: each end hands them to its own mediasoup library. */
export type ProducerInfo = {
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: MediaSource;
  paused: boolean;
  track: ProducerTrack;
  /** An interpretation's language: one of InterpretationLang (the room keeps it as the interpreter asked). */
  lang?: string;
};
export type PeerSummary = { peerId: string; displayName: string; role: JoinRole; host: boolean };
/** A live session whose source was lost: since when, and when it ends by itself unless a source returns. */
export type Interruption = { since: string; endsAt: string };
export type WatchReply = {
  sessionId: number;
  status: SessionStatus;
  startsAt: string;
  kind: 'council' | 'meeting';
  interruption: Interruption | null;
  /** false: the server is past LIVE_MAX_WEBRTC_VIEWERS for this session; a viewer plays the live HLS instead. */
  webrtc?: boolean;
  reason?: 'capacity';
};
/** An RTCIceServer: a TURN server and the short-lived credentials for it (TURN REST API, see turn-credentials.ts). */
export type IceServer = { urls: string[]; username: string; credential: string };
export type JoinReply = {
  peerId: string;
  sessionId: number;
  roomKind: 'broadcast' | 'meeting';
  role: JoinRole;
  host: boolean;
  status: SessionStatus;
  routerRtpCapabilities: Record<string, unknown>;
  producers: ProducerInfo[];
  peers: PeerSummary[];
  viewers: number;
  /** For the page's transports (RTCConfiguration.iceServers): the TURN server, or empty when none is set. */
  iceServers: IceServer[];
  /**
   * With media edges (REDIS_URL, server/cluster/): the least loaded healthy edge, where a resident's page
   * watches this broadcast instead (the same path on that address). Absent: watch here.
   */
  edge?: string;
};
export type TransportReply = { id: string; iceParameters: unknown; iceCandidates: unknown[]; dtlsParameters: unknown };
export type PlainTransportReply = { id: string; ip: string; port: number; rtcpPort: number | null };
export type ConsumeReply = {
  id: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  rtpParameters: Record<string, unknown>;
  type: string;
  producerPaused: boolean;
};
export type StatsReply = {
  transports: { id: string; recvBitrate: number; sendBitrate: number; availableOutgoingBitrate: number | null }[];
  producers: { id: string; kind: string; score: number; bitrate: number; packetsLost: number; fractionLost: number }[];
  consumers: { id: string; kind: string; score: number; producerScore: number; spatialLayer: number | null }[];
};
export type Empty = Record<string, never>;
/** Whether the meeting is being recorded; sent to everyone in it on every change and to each one who joins. */
export type MeetingRecordingEvent = { sessionId: number; recording: boolean; by: string | null };
/**
 * A recording alarm raised (`active`) or cleared. disk_full: the recordings disk has less than `minFreeBytes`
 * free; the broadcast goes on, what was recorded stays playable, and recording resumes by itself when space returns.
 */
export type RecordingAlarm = {
  sessionId: number;
  sessionTitle: string;
  code: 'disk_full';
  active: boolean;
  freeBytes: number;
  minFreeBytes: number;
  since: string;
};

const reply = <T>() => z.custom<T>();
const ordered = true as const;

/**
 * The `/live` namespace: a session's status (watch, go live, end), its media room (signal:*), meetings, and
 * the recording alarms of the session's publishers. Every request is ordered: a client may pipeline watch,
 * join and create-transport in one round trip.
 */
export const liveContract = defineNamespace({
  name: '/live',
  requests: {
    'session:watch': { payload: watchRequestSchema, reply: reply<WatchReply>(), ordered },
    'session:go-live': { payload: sessionRequestSchema, reply: reply<{ status: SessionStatus }>(), ordered },
    'session:end': { payload: sessionRequestSchema, reply: reply<{ status: SessionStatus }>(), ordered },
    'signal:join': { payload: joinRequestSchema, reply: reply<JoinReply>(), ordered },
    'signal:leave': { payload: emptyRequestSchema, reply: reply<Empty>(), ordered },
    'signal:create-transport': { payload: createTransportRequestSchema, reply: reply<TransportReply>(), ordered },
    'signal:create-plain-transport': { payload: createPlainTransportRequestSchema, reply: reply<PlainTransportReply>(), ordered },
    'signal:connect-transport': { payload: connectTransportRequestSchema, reply: reply<Empty>(), ordered },
    'signal:produce': { payload: produceRequestSchema, reply: reply<{ producerId: string }>(), ordered },
    'signal:consume': { payload: consumeRequestSchema, reply: reply<ConsumeReply>(), ordered },
    'signal:resume-consumer': { payload: consumerRequestSchema, reply: reply<Empty>(), ordered },
    /** A resident stops receiving one stream: the floor audio while an interpretation plays, a hidden sign-language picture. */
    'signal:pause-consumer': { payload: consumerRequestSchema, reply: reply<Empty>(), ordered },
    'signal:pause-producer': { payload: producerRequestSchema, reply: reply<Empty>(), ordered },
    'signal:resume-producer': { payload: producerRequestSchema, reply: reply<Empty>(), ordered },
    'signal:close-producer': { payload: producerRequestSchema, reply: reply<Empty>(), ordered },
    'signal:set-layers': { payload: setLayersRequestSchema, reply: reply<Empty>(), ordered },
    'signal:stats': { payload: emptyRequestSchema, reply: reply<StatsReply>(), ordered },
    'meeting:mute': { payload: muteRequestSchema, reply: reply<Empty>(), ordered },
    'meeting:record': { payload: recordRequestSchema, reply: reply<{ recording: boolean }>() },
  },
  events: {
    'session:live': reply<{ sessionId: number }>(),
    'session:ended': reply<{ sessionId: number; recordingUrl: string | null }>(),
    /** The broadcast's source was lost (studio closed, encoder dropped, server restarted); it resumes or ends at `endsAt`. */
    'session:interrupted': reply<{ sessionId: number } & Interruption>(),
    'session:resumed': reply<{ sessionId: number }>(),
    /** To the session's operators (its publishers): the recording stopped for lack of disk space, or resumed. */
    'recording:alarm': reply<RecordingAlarm>(),
    'producer:added': reply<ProducerInfo>(),
    'producer:closed': reply<{ producerId: string }>(),
    'producer:paused': reply<{ producerId: string; paused: boolean }>(),
    'consumer:closed': reply<{ consumerId: string }>(),
    'consumer:layers-changed': reply<{ consumerId: string; spatialLayer: number | null; temporalLayer: number | null }>(),
    'peer:joined': reply<PeerSummary>(),
    'peer:left': reply<{ peerId: string }>(),
    'room:viewers-changed': reply<{ count: number }>(),
    /** The room's media server restarted: join again (the web client does it by itself). */
    'room:rejoin': reply<{ reason: 'workerDied' }>(),
    'speaker:changed': reply<{ peerId: string }>(),
    'meeting:muted': reply<{ by: string }>(),
    'meeting:recording': reply<MeetingRecordingEvent>(),
  },
});
export type ClientToServerEvents = ClientToServer<typeof liveContract>;
export type ServerToClientEvents = ServerToClient<typeof liveContract>;
