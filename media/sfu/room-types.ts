import type { types } from 'mediasoup';
import type { MediaSource, PeerId, PeerRole } from './peer.js';

/** What a Room reports and answers, shared by its callers. */
export type RoomKind = 'broadcast' | 'meeting';
export type RoomCloseReason = 'ended' | 'workerDied' | 'empty' | 'shutdown';
/**
 * Who a room is: the session it carries and its kind. `S` is the caller's session id type (the server brands
 * it), so the registry's events hand subscribers a typed id, never a key to parse.
 */
export type RoomIdentity<S extends number = number> = { sessionId: S; kind: RoomKind };
/** A room's name in logs and socket channels, derived from its session. */
export const roomKeyOf = (sessionId: number): string => `session:${sessionId}`;

/**
 * What a producer carries: the floor (the session itself, recorded), an interpretation of it into a language
 * (audio), or sign language (video). Residents pick among them; only the floor is the session's own picture and sound.
 */
export type ProducerTrack = 'floor' | 'interpretation' | 'sign';
/** An interpreter's producer, as asked for: the track and, for an interpretation, its language. */
export type TrackClaim = { track: 'interpretation'; lang: string } | { track: 'sign' };

export type ProducerInfo = {
  producerId: string;
  peerId: PeerId;
  kind: types.MediaKind;
  source: MediaSource;
  paused: boolean;
  track: ProducerTrack;
  /** The language of an interpretation. */
  lang?: string;
};
export type PeerSummary = { peerId: PeerId; displayName: string; role: PeerRole; host: boolean };
export type TransportInfo = {
  id: string;
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
};
export type PlainTransportInfo = { id: string; ip: string; port: number; rtcpPort: number | undefined; srtpParameters?: types.SrtpParameters };
export type ConsumerInfo = {
  id: string;
  producerId: string;
  peerId: PeerId;
  source: MediaSource;
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  type: types.ConsumerType;
  producerPaused: boolean;
};
export type Layers = { spatialLayer: number; temporalLayer?: number };

export type RoomEvents = {
  producerAdded: [ProducerInfo];
  producerClosed: [{ producerId: string; peerId: PeerId }];
  producerPaused: [{ producerId: string; peerId: PeerId; paused: boolean }];
  consumerClosed: [peerId: PeerId, consumerId: string];
  consumerLayersChanged: [peerId: PeerId, consumerId: string, layers: Layers | null];
  peerJoined: [PeerSummary];
  peerLeft: [peerId: PeerId];
  viewersChanged: [count: number];
  dominantSpeaker: [peerId: PeerId];
  /** These peers lost their router (its worker died) and must join again. */
  peersEvicted: [peerIds: PeerId[]];
  closed: [reason: RoomCloseReason, peerIds: PeerId[]];
};

/** Which track a producer is: the floor, sign language, or an interpretation in its language. */
export function trackKey(p: Pick<ProducerInfo, 'track' | 'lang'>): string {
  return p.track === 'interpretation' ? `interpretation:${p.lang}` : p.track;
}
