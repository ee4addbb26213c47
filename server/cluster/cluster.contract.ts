import { z } from 'zod';
import type { CaptionCue } from '../captions/live-captions.contract.js';
import { idSchema } from '../core/common.contract.js';
import type { PublicQuestion } from '../questions/questions.contract.js';
import { rtpParametersSchema, trackClaimSchema } from '../live/live.contract.js';

/**
 * What Nist nodes say to each other over Redis (server/cluster/bus.ts): requests with a reply (an edge asks
 * its origin) and notes without one (the origin tells an edge of its pipes). One table each, as the socket
 * namespaces have: name, payload schema, reply type. Every inbound message is parsed with its schema.
 */

export const nodeIdSchema = z.string().regex(/^(origin|edge)-[\w.-]{1,80}$/, { message: 'expected a node id' });
const mediasoupId = z.uuid();
const ip = z.union([z.ipv4(), z.ipv6()]);
const udpPort = z.number().int().min(1).max(65535);
export const srtpParametersSchema = z.object({
  cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
  keyBase64: z.string().min(16).max(128),
});
/** One side of a media pipe: where its PipeTransport listens. */
export const pipeEndpointSchema = z.object({ ip, port: udpPort, srtpParameters: srtpParametersSchema.optional() });
export type PipeEndpoint = z.infer<typeof pipeEndpointSchema>;

/** A producer of the origin's room as an edge re-creates it: the pipe consumer's parameters. */
export const pipedProducerSchema = z.object({
  producerId: mediasoupId,
  peerId: z.string().min(1).max(64),
  kind: z.enum(['audio', 'video']),
  source: z.enum(['camera', 'microphone', 'screen']),
  paused: z.boolean(),
  /** An interpreter's track (interpretation with its language, or sign language); none: the floor. */
  claim: trackClaimSchema.optional(),
  /** Checked as a browser's are (live.contract.ts); mediasoup checks the rest when the edge produces it. */
  rtpParameters: rtpParametersSchema,
});
export type PipedProducer = z.infer<typeof pipedProducerSchema>;

/** What an edge may know of a session: public sessions only (private ones and meetings stay on the origin). */
export type SessionInfo = {
  id: number;
  kind: 'council' | 'meeting';
  status: 'scheduled' | 'live' | 'ended';
  startsAt: string;
  interruption: { since: string; endsAt: string } | null;
};

const clientId = z.string().max(200).optional();
const address = z.string().min(1).max(64);
const sessionRef = z.object({ sessionId: idSchema }).strict();
const reply = <T>() => z.custom<T>();

/** Requests an edge sends its origin (for residents' sockets it holds, and for media). */
export const originRequests = {
  'session:get': { payload: sessionRef, reply: reply<SessionInfo>() },
  'questions:subscribe': {
    payload: z.object({ sessionId: idSchema, clientId, address }).strict(),
    reply: reply<{ items: PublicQuestion[]; voted: number[]; channels: string[] }>(),
  },
  'questions:vote': { payload: z.object({ questionId: idSchema, clientId, address }).strict(), reply: reply<{ questionId: number; votes: number }>() },
  'civic:follow': { payload: sessionRef, reply: reply<{ sessionId: number; channel: string }>() },
  /** A resident's `caption:watch` on an edge: the session's recent lines and the channel its lines go to. */
  'captions:watch': { payload: sessionRef, reply: reply<{ sessionId: number; cues: CaptionCue[]; channel: string }>() },
  /**
   * The edge has viewers for the session: the origin pipes every producer of its room to `edge` (the edge's
   * PipeTransport), answering with its own end and the producers; `room: false` when no room is open yet
   * (the origin says `room:opened` to all nodes when one opens).
   */
  'pipe:open': {
    payload: z.object({ sessionId: idSchema, edge: nodeIdSchema, endpoint: pipeEndpointSchema }).strict(),
    reply: reply<{ room: true; endpoint: PipeEndpoint; producers: PipedProducer[] } | { room: false }>(),
  },
  /** The edge has no viewers left for the session: the origin stops piping it. */
  'pipe:close': { payload: z.object({ sessionId: idSchema, edge: nodeIdSchema }).strict(), reply: reply<Record<string, never>>() },
} as const;

/** Notes the origin sends one edge about a pipe it feeds, or every node (`room:opened`). */
export const edgeNotes = {
  'pipe:producer': z.object({ sessionId: idSchema, producer: pipedProducerSchema }).strict(),
  'pipe:producer-closed': z.object({ sessionId: idSchema, producerId: mediasoupId }).strict(),
  'pipe:producer-paused': z.object({ sessionId: idSchema, producerId: mediasoupId, paused: z.boolean() }).strict(),
  /** The origin's room closed (or the origin stopped piping): the edge drops what it pulled. */
  'pipe:closed': z.object({ sessionId: idSchema }).strict(),
  'room:opened': z.object({ sessionId: idSchema }).strict(),
} as const;

export type OriginRequests = typeof originRequests;
export type OriginMethod = keyof OriginRequests;
export type RequestOf<M extends OriginMethod> = z.input<OriginRequests[M]['payload']>;
export type ReplyOf<M extends OriginMethod> = z.output<OriginRequests[M]['reply']>;
export type EdgeNote = keyof typeof edgeNotes;
export type NoteOf<N extends EdgeNote> = z.output<(typeof edgeNotes)[N]>;
