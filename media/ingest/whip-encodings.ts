import type { types } from 'mediasoup';
import { parseParams, parseSimulcastStreamList, type MediaDescription } from 'sdp-transform';
import { SdpOfferError } from './whip-errors.js';
import type { HeaderExtension } from './whip-codecs.js';

const ridUri = 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id';
const midUri = 'urn:ietf:params:rtp-hdrext:sdes:mid';
/** More layers than the viewers' layer policy can use; OBS offers at most 4. */
const maxLayers = 4;

type Layer = { rid: string; params: Record<string, string | number> };

/** How a section's streams are told apart: one encoding per simulcast layer, ordered from the lowest. */
export type Encodings = {
  encodings: types.RtpEncodingParameters[];
  /** The simulcast layers as the offer lists them (the answer mirrors the list), or null without simulcast. */
  simulcast: { list: string; rids: string[] } | null;
};

const area = (l: Layer) => Number(l.params['max-width'] ?? 0) * Number(l.params['max-height'] ?? 0);
const bitrate = (l: Layer) => Number(l.params['max-br'] ?? 0);
const namedOrders = [['q', 'h', 'f'], ['l', 'm', 'h'], ['low', 'mid', 'high'], ['low', 'medium', 'high']];

/**
 * mediasoup takes a simulcast producer's encodings from the lowest resolution to the highest. An offer says the
 * size of each layer only if its `a=rid` lines carry restrictions (max-width/max-height, max-br); otherwise the
 * names are read by the common conventions: q/h/f (quarter, half, full), l/m/h, low/mid/high; numbered rids as
 * OBS numbers them (0 is the full picture, each next one smaller); anything else in the offer's order, which is
 * how mediasoup-client and most browser apps list them.
 */
export function lowToHigh(layers: Layer[]): Layer[] {
  const sorted = (key: (l: Layer) => number) => [...layers].sort((a, b) => key(a) - key(b));
  if (layers.every((l) => area(l) > 0)) return sorted(area);
  if (layers.every((l) => bitrate(l) > 0)) return sorted(bitrate);
  const ids = layers.map((l) => l.rid.toLowerCase());
  const names = namedOrders.find((order) => ids.every((id) => order.includes(id)));
  if (names) return sorted((l) => names.indexOf(l.rid.toLowerCase()));
  if (ids.every((id) => /^\d+$/.test(id))) return sorted((l) => -Number(l.rid));
  return layers;
}

function simulcastLayers(m: MediaDescription, extensions: HeaderExtension[]): Encodings | null {
  const sim = m.simulcast;
  const list = sim?.dir1 === 'send' ? sim.list1 : sim?.dir2 === 'send' ? sim.list2 : undefined;
  if (!list) return null;
  if (!extensions.some((e) => e.uri === ridUri)) {
    throw new SdpOfferError(`The video section (mid ${m.mid}) offers simulcast without the rtp-stream-id header extension.`);
  }
  const declared = new Map((m.rids ?? []).filter((r) => r.direction === 'send').map((r) => [String(r.id), r.params]));
  // Each layer's first alternative: a layer with alternatives (a;b,c) is sent as one of them, the first preferred.
  const rids = parseSimulcastStreamList(list).map((alternatives) => String(alternatives[0]!.scid));
  if (rids.length > maxLayers) throw new SdpOfferError(`The video section offers ${rids.length} simulcast layers; Nist takes at most ${maxLayers}.`);
  const unknown = rids.filter((rid) => !declared.has(rid));
  if (unknown.length > 0) throw new SdpOfferError(`Simulcast names rids without an a=rid line: ${unknown.join(', ')}.`);
  const layers = rids.map((rid) => {
    const params = declared.get(rid);
    return { rid, params: params ? (parseParams(params) as Record<string, string | number>) : {} };
  });
  return { encodings: lowToHigh(layers).map((l) => ({ rid: l.rid })), simulcast: { list, rids } };
}

/** SSRCs from a=ssrc lines: a SIM group's streams in order (legacy simulcast), or the first one; RTX by FID. */
function ssrcEncodings(m: MediaDescription, withRtx: boolean): types.RtpEncodingParameters[] | null {
  const ssrcs = [...new Set((m.ssrcs ?? []).map((s) => Number(s.id)))];
  if (ssrcs.length === 0) return null;
  const groups = (m.ssrcGroups ?? []).map((g) => ({ semantics: g.semantics, ssrcs: g.ssrcs.trim().split(/\s+/).map(Number) }));
  const rtxOf = new Map(groups.filter((g) => g.semantics === 'FID').map((g) => [g.ssrcs[0]!, g.ssrcs[1]!]));
  const repairs = new Set(rtxOf.values());
  const sim = groups.find((g) => g.semantics === 'SIM')?.ssrcs;
  const media = sim ?? [ssrcs.find((s) => !repairs.has(s)) ?? ssrcs[0]!];
  if (media.length > maxLayers) throw new SdpOfferError(`The section offers ${media.length} simulcast streams; Nist takes at most ${maxLayers}.`);
  return media.map((ssrc) => {
    const rtx = rtxOf.get(ssrc);
    return withRtx && rtx ? { ssrc, rtx: { ssrc: rtx } } : { ssrc };
  });
}

/**
 * The encodings of one m-section: a=simulcast with a=rid (one per layer), else its a=ssrc lines, else a single
 * encoding the producer learns from the mid header extension.
 */
export function encodingsOf(m: MediaDescription, kind: 'audio' | 'video', extensions: HeaderExtension[], withRtx: boolean): Encodings {
  const layered = kind === 'video' ? simulcastLayers(m, extensions) : null;
  if (layered) return layered;
  const bySsrc = ssrcEncodings(m, withRtx);
  if (bySsrc) return { encodings: bySsrc, simulcast: null };
  if (!extensions.some((e) => e.uri === midUri)) {
    throw new SdpOfferError(`The ${kind} section (mid ${m.mid}) has neither a=ssrc lines nor the mid header extension; its packets could not be told apart.`);
  }
  return { encodings: [{}], simulcast: null };
}
