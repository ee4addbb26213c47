import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import { canCopyVideo, type RtpTarget, type SourceInfo, type VideoLayerOutput } from '../ffmpeg/ingest-args.js';
import { ingestPayloadTypes, videoRtpParameters } from './rtp-parameters.js';

/** One layer the ingest offers: `height` null is the source itself. */
export type LayerSpec = { height: number | null; bitrateKbps: number };

/** Bitrates of the transcoded layers (the two lower rungs of a typical WebRTC simulcast). */
export const layerBitrateKbps = { 180: 200, 360: 600 } as const;
/** The source's layer when it is transcoded (B-frames, not H.264), as the single-layer ingest does. */
export const transcodedTopKbps = 1500;
/** What a copied source is taken to send when ffprobe cannot tell (an RTMP stream without metadata). */
const copiedTopGuessKbps = 2500;

/**
 * Which layers a single-layer source is offered in, lowest first, the source last: with simulcast on, a 360p
 * transcode when the source is taller than 360 lines, and a 180p one too from 720 lines up, so that the
 * residents' layer policy (0 ≈ 320 px wide, 1 ≈ 640 px, 2 = full) serves a phone the small layer. A source of
 * 181–360 lines gets a 180p one: every source then has a transcoded lowest layer, with a keyframe each half
 * second, for a new viewer to start on. A source of unknown size, or 180 lines or fewer, stays one layer.
 */
export function planLayers(info: SourceInfo, simulcast: boolean): LayerSpec[] {
  const video = info.video;
  const top: LayerSpec = {
    height: null,
    bitrateKbps: canCopyVideo(info) ? (video?.bitrateKbps ?? copiedTopGuessKbps) : transcodedTopKbps,
  };
  const height = video?.height;
  if (!simulcast || !height) return [top];
  const lower: LayerSpec[] = [];
  if (height >= 720 || (height > 180 && height <= 360)) lower.push({ height: 180, bitrateKbps: layerBitrateKbps[180] });
  if (height > 360) lower.push({ height: 360, bitrateKbps: layerBitrateKbps[360] });
  return [...lower, top];
}

/** A layer with the SSRC it is sent with. */
export type SsrcLayer = LayerSpec & { ssrc: number };

export const withSsrcs = (layers: LayerSpec[]): SsrcLayer[] => {
  const used = new Set<number>();
  return layers.map((layer) => {
    let ssrc = randomInt(1, 2 ** 31 - 1);
    while (used.has(ssrc)) ssrc = randomInt(1, 2 ** 31 - 1);
    used.add(ssrc);
    return { ...layer, ssrc };
  });
};

/**
 * The video producer's parameters: one encoding per layer SSRC, lowest first (mediasoup numbers spatial layers
 * in that order), each one spatial and one temporal layer. One layer is the plain single-stream producer.
 * `keyframeRequests` declares PLI and FIR, without which mediasoup asks the sender for no keyframes (a WHIP
 * source's relay passes them on to the encoder); no NACK: nothing upstream resends.
 */
export function layeredVideoRtpParameters(layers: SsrcLayer[], keyframeRequests = false): types.RtpParameters {
  const plain = videoRtpParameters(layers[0]!.ssrc);
  const feedback: types.RtcpFeedback[] = [{ type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }];
  const base = keyframeRequests ? { ...plain, codecs: plain.codecs.map((c) => ({ ...c, rtcpFeedback: feedback })) } : plain;
  if (layers.length === 1) return base;
  return {
    ...base,
    encodings: layers.map((l) => ({ ssrc: l.ssrc, maxBitrate: l.bitrateKbps * 1000, scalabilityMode: 'L1T1' })),
  };
}

/** ffmpeg's outputs for the layers, all sent to `to` (one address; the relay or the transport itself). */
export function layerOutputs(layers: SsrcLayer[], to: Omit<RtpTarget, 'ssrc' | 'payloadType'>): VideoLayerOutput[] {
  return layers.map((l) => ({ height: l.height, bitrateKbps: l.bitrateKbps, target: { ...to, ssrc: l.ssrc, payloadType: ingestPayloadTypes.video } }));
}

/** "source copied + 360p + 180p" for logs and the CLI's line. */
export function describeLayers(layers: LayerSpec[], info: SourceInfo): string {
  const top = info.video?.height ? `${info.video.height}p` : 'the source';
  return layers
    .slice()
    .reverse()
    .map((l) => (l.height === null ? top : `${l.height}p`))
    .join(' + ');
}
