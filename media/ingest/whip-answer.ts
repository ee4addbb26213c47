import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type { TransportInfo } from '../sfu/room-types.js';
import type { WhipOffer, WhipTrack } from './whip-offer.js';

type Media = MediaDescription;

const fmtpOf = (codec: types.RtpCodecParameters) =>
  Object.entries((codec.parameters ?? {}) as Record<string, unknown>)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');

/** mediasoup is ICE-lite and never trickles: every candidate goes in the answer (RFC 9725 §4.4). */
function candidates(transport: TransportInfo): Media['candidates'] {
  return transport.iceCandidates.map((c) => ({
    foundation: c.foundation,
    component: 1,
    transport: c.protocol,
    priority: c.priority,
    ip: c.ip,
    port: c.port,
    type: c.type,
    ...(c.tcpType ? { tcptype: c.tcpType } : {}),
  }));
}

function acceptedSection(track: WhipTrack, transport: TransportInfo, offer: WhipOffer, fingerprint: types.DtlsFingerprint): Media {
  const codecs = track.rtpParameters.codecs;
  const media: Media = {
    type: track.kind,
    port: 9,
    protocol: 'UDP/TLS/RTP/SAVPF',
    payloads: codecs.map((c) => c.payloadType).join(' '),
    connection: { version: 4, ip: '0.0.0.0' },
    mid: track.mid,
    direction: 'recvonly',
    iceUfrag: transport.iceParameters.usernameFragment,
    icePwd: transport.iceParameters.password,
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    setup: offer.setup,
    rtcpMux: 'rtcp-mux',
    rtcpRsize: track.rtpParameters.rtcp?.reducedSize ? 'rtcp-rsize' : undefined,
    rtp: codecs.map((c) => ({ payload: c.payloadType, codec: c.mimeType.split('/')[1]!, rate: c.clockRate, ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}) })),
    fmtp: codecs.filter((c) => fmtpOf(c) !== '').map((c) => ({ payload: c.payloadType, config: fmtpOf(c) })),
    rtcpFb: codecs.flatMap((c) => (c.rtcpFeedback ?? []).map((fb) => ({ payload: c.payloadType, type: fb.type, ...(fb.parameter ? { subtype: fb.parameter } : {}) }))),
    ext: track.headerExtensions.map((h) => ({ value: h.id, uri: h.uri })),
    candidates: candidates(transport),
    endOfCandidates: 'end-of-candidates',
  };
  if (track.simulcast) {
    media.rids = track.simulcast.rids.map((id) => ({ id, direction: 'recv' }));
    media.simulcast = { dir1: 'recv', list1: track.simulcast.list };
  }
  return media;
}

/**
 * The SDP answer to a WHIP offer: ice-lite with all of the transport's candidates (UDP and TCP), mediasoup's
 * DTLS fingerprint and `a=setup:passive` (mediasoup is the DTLS server), and per accepted section recvonly with
 * the chosen codec, its RTX, the agreed header extensions and RTCP feedback, and the simulcast layers received.
 * Declined sections are answered with port 0, as RFC 3264 wants every m-section answered.
 */
export function writeWhipAnswer(offer: WhipOffer, transport: TransportInfo): string {
  const fingerprint =
    transport.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ?? transport.dtlsParameters.fingerprints[0]!;
  const media = offer.sections.map((s): Media =>
    s.accepted
      ? acceptedSection(s.track, transport, offer, fingerprint)
      : { type: s.type, port: 0, protocol: s.protocol, payloads: s.payloads, mid: s.mid, connection: { version: 4, ip: '0.0.0.0' }, direction: 'inactive', rtp: [], fmtp: [] },
  );
  const bundled = offer.sections.flatMap((s) => (s.accepted ? [s.track.mid] : []));
  const answer: SessionDescription = {
    version: 0,
    origin: { username: '-', sessionId: randomInt(1, 2 ** 47), sessionVersion: 1, netType: 'IN', ipVer: 4, address: '0.0.0.0' },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
    groups: [{ type: 'BUNDLE', mids: bundled.join(' ') }],
    media,
  };
  return write(answer);
}
