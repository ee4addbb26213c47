import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { parseParams, type MediaDescription } from 'sdp-transform';
import { mediaCodecs } from '../sfu/codecs.js';
import { SdpOfferError } from './whip-errors.js';

type Kind = 'audio' | 'video';
export type HeaderExtension = { uri: string; id: number };

/** One payload type of an m-section as the offer describes it. */
type Offered = { payloadType: number; name: string; clockRate: number; channels?: number; parameters: Record<string, string | number>; feedback: types.RtcpFeedback[] };

const supported = mediasoup.getSupportedRtpCapabilities();

/**
 * H.264 profiles by profile_idc and the profile-iop bits (RFC 6184; the patterns of the h264-profile-level-id
 * library mediasoup matches with). The routers offer Constrained Baseline, and mediasoup takes a producer's
 * H.264 only in the router's profile.
 */
const constrainedBaseline: [idc: number, mask: number, value: number][] = [
  [0x42, 0b0100_1111, 0b0100_0000],
  [0x4d, 0b1000_1111, 0b1000_0000],
  [0x58, 0b1100_1111, 0b1100_0000],
];

function isConstrainedBaseline(profileLevelId: string | number | undefined): boolean {
  // RFC 6184's default, as mediasoup reads a missing profile-level-id.
  const id = profileLevelId === undefined ? '42e01f' : String(profileLevelId);
  if (!/^[0-9a-f]{6}$/i.test(id)) return false;
  const idc = parseInt(id.slice(0, 2), 16);
  const iop = parseInt(id.slice(2, 4), 16);
  return constrainedBaseline.some(([i, mask, value]) => i === idc && (iop & mask) === value);
}

/** Whether the routers can take this codec from a producer (mediasoup's strict match). */
function routerTakes(kind: Kind, c: Offered): boolean {
  const mime = `${kind}/${c.name}`.toLowerCase();
  const router = mediaCodecs.find((r) => r.kind === kind && r.mimeType.toLowerCase() === mime && r.clockRate === c.clockRate);
  if (!router) return false;
  if (mime === 'audio/opus') return (c.channels ?? 1) === 2;
  if (mime === 'video/h264') return Number(c.parameters['packetization-mode'] ?? 0) === 1 && isConstrainedBaseline(c.parameters['profile-level-id']);
  return true;
}

/** Nist's preference: H.264 first (the recorder copies it), then VP8; Opus for audio. */
const preference = (c: Offered) => mediaCodecs.findIndex((r) => r.mimeType.toLowerCase().endsWith(`/${c.name.toLowerCase()}`));

function offeredCodecs(m: MediaDescription, kind: Kind): Offered[] {
  return m.rtp.map((rtp) => {
    const fmtp = m.fmtp.find((f) => f.payload === rtp.payload);
    const parameters = fmtp ? (parseParams(fmtp.config) as Record<string, string | number>) : {};
    // sdp-transform reads 42e01f as a number when it is all digits (420014): keep it as the string it is.
    if ('profile-level-id' in parameters) parameters['profile-level-id'] = /profile-level-id=([0-9a-f]+)/i.exec(fmtp!.config)?.[1] ?? '';
    const feedback = (m.rtcpFb ?? [])
      .filter((fb) => String(fb.payload) === String(rtp.payload) || (fb.payload === '*' && rtp.codec.toLowerCase() !== 'rtx'))
      .map((fb) => (fb.subtype ? { type: fb.type, parameter: fb.subtype } : { type: fb.type }));
    return { payloadType: rtp.payload, name: rtp.codec, clockRate: rtp.rate ?? 0, channels: rtp.encoding, parameters, feedback };
  });
}

/** Header extensions of the offer that mediasoup reads for this kind, with the offer's ids. */
export function agreedHeaderExtensions(m: MediaDescription, kind: Kind): HeaderExtension[] {
  const known = new Set(supported.headerExtensions!.filter((h) => h.kind === kind && h.direction !== 'sendonly').map((h) => h.uri));
  return (m.ext ?? []).filter((e) => !e['encrypt-uri'] && known.has(e.uri)).map((e) => ({ uri: e.uri, id: e.value }));
}

const transportCc = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
const absSendTime = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time';

/**
 * Feedback both ends do: what the offer asks for that mediasoup supports for the codec; transport-cc only with its
 * header extension, REMB only with abs-send-time.
 */
function agreedFeedback(kind: Kind, c: Offered, extensions: HeaderExtension[]): types.RtcpFeedback[] {
  const mime = `${kind}/${c.name}`.toLowerCase();
  const theirs = supported.codecs!.find((s) => s.mimeType.toLowerCase() === mime)?.rtcpFeedback ?? [];
  const has = (uri: string) => extensions.some((e) => e.uri === uri);
  return c.feedback.filter(
    (fb) =>
      theirs.some((s) => s.type === fb.type && (s.parameter ?? '') === (fb.parameter ?? '')) &&
      (fb.type !== 'transport-cc' || has(transportCc)) &&
      (fb.type !== 'goog-remb' || has(absSendTime)),
  );
}

/**
 * The codec this m-section is produced with (Nist's preferred one the offer has), and its RTX if offered; as
 * mediasoup RtpCodecParameters with the offer's payload types.
 */
export function chooseCodecs(m: MediaDescription, kind: Kind, extensions: HeaderExtension[]): types.RtpCodecParameters[] {
  const offered = offeredCodecs(m, kind);
  const media = offered.filter((c) => c.name.toLowerCase() !== 'rtx');
  const chosen = media.filter((c) => routerTakes(kind, c)).sort((a, b) => preference(a) - preference(b))[0];
  if (!chosen) {
    const names = [...new Set(media.map((c) => c.name))].join(', ') || 'none';
    const wanted = kind === 'video' ? 'H.264 (constrained baseline, packetization-mode 1) or VP8' : 'Opus (48 kHz, 2 channels)';
    throw new SdpOfferError(`The ${kind} section (mid ${m.mid}) offers ${names}; Nist takes ${wanted}.`);
  }
  const codec: types.RtpCodecParameters = {
    mimeType: `${kind}/${chosen.name}`,
    payloadType: chosen.payloadType,
    clockRate: chosen.clockRate,
    ...(kind === 'audio' ? { channels: chosen.channels ?? 1 } : {}),
    parameters: chosen.parameters,
    rtcpFeedback: agreedFeedback(kind, chosen, extensions),
  };
  const rtx = offered.find((c) => c.name.toLowerCase() === 'rtx' && Number(c.parameters.apt) === chosen.payloadType);
  if (!rtx) return [codec];
  return [codec, { mimeType: `${kind}/rtx`, payloadType: rtx.payloadType, clockRate: rtx.clockRate, parameters: { apt: chosen.payloadType }, rtcpFeedback: [] }];
}
