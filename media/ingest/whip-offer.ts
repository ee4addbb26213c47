import type { types } from 'mediasoup';
import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { z } from 'zod';
import { agreedHeaderExtensions, chooseCodecs, type HeaderExtension } from './whip-codecs.js';
import { encodingsOf, type Encodings } from './whip-encodings.js';
import { SdpOfferError } from './whip-errors.js';

export type TrackKind = 'audio' | 'video';

/** One sent track of the offer, ready for `transport.produce` and for its m-section of the answer. */
export type WhipTrack = {
  mid: string;
  kind: TrackKind;
  rtpParameters: types.RtpParameters;
  headerExtensions: HeaderExtension[];
  simulcast: Encodings['simulcast'];
};

/** An m-section the answer declines (port 0): not audio or video, not sent, or a second one of its kind. */
export type DeclinedSection = { mid: string; type: string; protocol: string; payloads: string };

export type WhipOffer = {
  /** The encoder's DTLS end: its role (opposite of the answer's setup) and certificate fingerprints. */
  dtls: { role: 'client' | 'server'; fingerprints: types.DtlsFingerprint[] };
  /** The answer's a=setup: passive unless the encoder insists on being the DTLS server. */
  setup: 'passive' | 'active';
  /** Every m-section's mid, in the offer's order, with what became of it. */
  sections: ({ accepted: true; track: WhipTrack } | ({ accepted: false } & DeclinedSection))[];
};

const fingerprintSchema = z.object({
  type: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512'], { message: 'a DTLS fingerprint must use sha-1, sha-224, sha-256, sha-384 or sha-512' }),
  hash: z.string().regex(/^([0-9A-F]{2}:)+[0-9A-F]{2}$/, { message: 'a DTLS fingerprint must be hex pairs separated by colons' }),
});
const iceSchema = z.object({
  ufrag: z.string({ message: 'the offer has no a=ice-ufrag' }).min(4, { message: 'a=ice-ufrag must have 4 to 256 characters' }).max(256),
  pwd: z.string({ message: 'the offer has no a=ice-pwd' }).min(22, { message: 'a=ice-pwd must have 22 to 256 characters' }).max(256),
});
/** Larger than any real offer (OBS's is ~1.5 kB, a browser's with simulcast ~6 kB). */
export const maxOfferBytes = 32 * 1024;

function fail(message: string): never {
  throw new SdpOfferError(message);
}

function parseSdp(sdp: string): SessionDescription {
  if (!/^v=0\r?\n/.test(sdp)) fail('The body is not an SDP offer (it must start with v=0).');
  let session: SessionDescription;
  try {
    session = parse(sdp);
  } catch (error) {
    return fail(`The SDP offer could not be read: ${(error as Error).message}`);
  }
  if (!session.media?.length) fail('The SDP offer has no m= sections.');
  return session;
}

/** One value for the whole BUNDLE: at session level, or the same on every bundled m-section. */
function shared<T>(session: SessionDescription, media: MediaDescription[], pick: (d: SessionDescription | MediaDescription) => T | undefined, what: string): T | undefined {
  const values = media.map((m) => pick(m) ?? pick(session));
  const first = values[0];
  if (values.some((v) => JSON.stringify(v) !== JSON.stringify(first))) fail(`The bundled m-sections disagree on ${what}.`);
  return first;
}

function dtlsOf(session: SessionDescription, bundled: MediaDescription[]): Pick<WhipOffer, 'dtls' | 'setup'> {
  const raw = shared(session, bundled, (d) => d.fingerprint, 'a=fingerprint');
  if (!raw) fail('The SDP offer has no a=fingerprint (DTLS certificate).');
  const fp = fingerprintSchema.safeParse({ type: raw!.type.toLowerCase(), hash: raw!.hash.toUpperCase() });
  if (!fp.success) fail(`The SDP offer's a=fingerprint is wrong: ${fp.error.issues[0]!.message}.`);
  const setup = shared(session, bundled, (d) => d.setup, 'a=setup') ?? 'actpass';
  if (!['actpass', 'active', 'passive'].includes(setup)) fail(`a=setup:${setup} is not actpass, active or passive.`);
  return {
    dtls: { role: setup === 'passive' ? 'server' : 'client', fingerprints: [{ algorithm: fp.data!.type, value: fp.data!.hash }] },
    setup: setup === 'passive' ? 'active' : 'passive',
  };
}

function trackOf(m: MediaDescription, kind: TrackKind): WhipTrack {
  const headerExtensions = agreedHeaderExtensions(m, kind);
  const codecs = chooseCodecs(m, kind, headerExtensions);
  const { encodings, simulcast } = encodingsOf(m, kind, headerExtensions, codecs.length > 1);
  const cname = m.ssrcs?.find((s) => s.attribute === 'cname')?.value;
  // sdp-transform reads a numeric mid ("0") as a number; mediasoup wants the string.
  const mid = String(m.mid);
  const rtpParameters: types.RtpParameters = {
    mid,
    codecs,
    headerExtensions: headerExtensions.map((h) => ({ uri: h.uri, id: h.id })),
    encodings,
    rtcp: { ...(cname !== undefined ? { cname: String(cname) } : {}), reducedSize: m.rtcpRsize === 'rtcp-rsize' },
  };
  return { mid, kind, rtpParameters, headerExtensions, simulcast };
}

const sends = (m: MediaDescription) => m.port !== 0 && (m.direction === 'sendonly' || m.direction === 'sendrecv' || m.direction === undefined);

/**
 * Reads a WHIP offer (RFC 9725: one offer, no trickle) into what mediasoup needs: the encoder's DTLS
 * fingerprint and role, and per sent audio or video m-section its RtpParameters (Nist's codec of those offered,
 * RTX, header extensions, RTCP feedback, encodings or simulcast layers). Everything must be in one BUNDLE with
 * rtcp-mux, as one WebRtcTransport carries it. Throws SdpOfferError saying what is wrong.
 */
export function readWhipOffer(sdp: string): WhipOffer {
  const session = parseSdp(sdp);
  // sdp-transform reads a lone numeric value ("a=group:BUNDLE 0") as a number.
  const bundleMids = session.groups?.find((g) => g.type === 'BUNDLE')?.mids;
  const bundle = new Set(bundleMids === undefined ? [] : String(bundleMids).trim().split(/\s+/));
  const seen = new Set<TrackKind>();
  const taken: MediaDescription[] = [];
  for (const m of session.media) {
    if (m.mid === undefined) fail('Every m-section needs an a=mid.');
    const kind = m.type === 'audio' || m.type === 'video' ? m.type : null;
    if (kind && sends(m) && !seen.has(kind)) {
      seen.add(kind);
      taken.push(m);
    }
  }
  if (taken.length === 0) fail('The SDP offer sends no audio or video.');
  if (taken.length > 1 && taken.some((m) => !bundle.has(String(m.mid)))) fail('The audio and video sections must be in one a=group:BUNDLE.');
  if (taken.some((m) => m.rtcpMux !== 'rtcp-mux')) fail('Every sent m-section needs a=rtcp-mux.');
  if (taken.some((m) => !/^UDP\/TLS\/RTP\/SAVPF$|^TCP\/DTLS\/RTP\/SAVPF$/i.test(m.protocol))) fail('The m-sections must use UDP/TLS/RTP/SAVPF (DTLS-SRTP).');
  // String(): sdp-transform reads an all-digit value as a number.
  const text = (v: unknown) => (v === undefined ? undefined : String(v));
  const ice = iceSchema.safeParse({
    ufrag: text(shared(session, taken, (d) => d.iceUfrag, 'a=ice-ufrag')),
    pwd: text(shared(session, taken, (d) => d.icePwd, 'a=ice-pwd')),
  });
  if (!ice.success) fail(`The SDP offer's ICE credentials are wrong: ${ice.error.issues[0]!.message}.`);
  const tracks = new Map(taken.map((m) => [m, trackOf(m, m.type as TrackKind)]));
  return {
    ...dtlsOf(session, taken),
    sections: session.media.map((m) => {
      const track = tracks.get(m);
      if (track) return { accepted: true as const, track };
      return { accepted: false as const, mid: String(m.mid), type: m.type, protocol: m.protocol, payloads: String(m.payloads ?? '') };
    }),
  };
}
