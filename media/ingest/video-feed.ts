import type { types } from 'mediasoup';
import type { IngestPlan, RtpTarget, SourceInfo } from '../ffmpeg/ingest-args.js';
import { ingestPayloadTypes } from './rtp-parameters.js';
import { RtpRelay, type RelayTarget } from './rtp-relay.js';
import { layeredVideoRtpParameters, layerOutputs, planLayers, withSsrcs, type SsrcLayer } from './video-layers.js';

/** Creates the video's comedia PlainTransport and its producer with these parameters; resolves with its address. */
export type ProduceVideo = (rtpParameters: types.RtpParameters) => Promise<RelayTarget>;

/** The video half of an ingest: what ffmpeg is told (a part of its plan) and the relay to close with it. */
export type VideoFeed = {
  layers: SsrcLayer[];
  /** Spread into the ingest's plan: a single stream's `video`, or the layers with their common clock. */
  plan: Partial<Pick<IngestPlan, 'videoLayers' | 'startTimeRealtimeUs'>> & { video?: RtpTarget };
  relay: RtpRelay | null;
  close: () => void;
};

/**
 * Offers a single-layer source's video as one producer: with `simulcast` and a source tall enough, in two or three
 * layers (see planLayers) that one ffmpeg makes from one decode and sends through a relay to one transport;
 * otherwise as one stream straight to the transport, as before. `onKeyframeRequest`: the source can make keyframes
 * when asked (a WHIP encoder); viewers' requests reach it through the relay.
 */
export async function prepareVideoFeed(info: SourceInfo, simulcast: boolean, produce: ProduceVideo, onKeyframeRequest?: () => void): Promise<VideoFeed> {
  const layers = withSsrcs(planLayers(info, simulcast));
  const transport = await produce(layeredVideoRtpParameters(layers, !!onKeyframeRequest));
  // A source that makes keyframes on request always goes through the relay, which passes the requests on.
  if (layers.length === 1 && !onKeyframeRequest) {
    const { ssrc } = layers[0]!;
    return {
      layers,
      plan: { video: { ip: transport.ip, port: transport.port, rtcpPort: transport.rtcpPort, ssrc, payloadType: ingestPayloadTypes.video } },
      relay: null,
      close: () => undefined,
    };
  }
  const relay = await RtpRelay.open(transport, onKeyframeRequest);
  return {
    layers,
    plan: {
      videoLayers: layerOutputs(layers, { ip: relay.ip, port: relay.port, rtcpPort: relay.rtcpPort }),
      startTimeRealtimeUs: Date.now() * 1000,
    },
    relay,
    close: () => relay.close(),
  };
}
