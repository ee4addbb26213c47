import type { Device, types } from 'mediasoup-client';
import type { IceServer, MediaSource, ProducerInfo, ProducerTrack, RtpParametersShape, TrackClaim, TransportReply } from '@server/live/live.contract';
import { candidatesFor, transportPolicyFor, type IceMode } from './ice-policy';
import { preferredVideoCodec } from './sfu-device';
import { markStep, request, type SignalingSocket } from './signaling';

/** A producer of the room this page receives. */
export type RemoteMedia = {
  consumer: types.Consumer;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  paused: boolean;
  /** The floor, an interpretation (audio in `lang`) or sign language (video). */
  track: ProducerTrack;
  lang?: string;
};

/** What a transport needs from its client: the loaded device, the socket, how it may reach the server. */
export type MediaContext = {
  device: Device;
  socket: SignalingSocket;
  iceMode: IceMode;
  iceServers: IceServer[];
  /** The transport's connection state changed (not called once it is closed). */
  onState: (state: types.ConnectionState) => void;
};

const simulcast: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/** A send or receive transport from the server's parameters, wired to signaling for connect and produce. */
export function openTransport(direction: 'send' | 'recv', params: TransportReply, ctx: MediaContext): types.Transport {
  const offered = params as types.TransportOptions;
  const options: types.TransportOptions = {
    ...offered,
    iceCandidates: candidatesFor(ctx.iceMode, offered.iceCandidates),
    iceServers: ctx.iceServers,
    iceTransportPolicy: transportPolicyFor(ctx.iceMode),
  };
  const { device, socket } = ctx;
  const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
  transport.on('connect', ({ dtlsParameters }, done, fail) => {
    markStep(`${direction}-connecting`);
    request(socket, 'signal:connect-transport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
  });
  transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
    const source = appData.source as MediaSource;
    const claim = appData.claim as TrackClaim | undefined;
    const req = { transportId: transport.id, kind, rtpParameters: rtpParameters as RtpParametersShape, source, ...(claim ? { appData: claim } : {}) };
    request(socket, 'signal:produce', req).then(({ producerId }) => done({ id: producerId }), fail);
  });
  transport.on('connectionstatechange', (state) => {
    if (state === 'connected') markStep(`${direction}-connected`);
    if (!transport.closed) ctx.onState(state);
  });
  return transport;
}

/**
 * Receives one producer: the server makes a paused consumer, the browser adds it, and the resume is sent
 * without waiting for its ack (the server asks the source for a keyframe as it resumes, and again when the
 * transport's DTLS completes, so the first picture comes as soon as media can flow).
 */
export async function consumeProducer(recv: types.Transport, ctx: Pick<MediaContext, 'device' | 'socket'>, p: ProducerInfo, spatialLayer: number): Promise<RemoteMedia> {
  const c = await request(ctx.socket, 'signal:consume', {
    transportId: recv.id,
    producerId: p.producerId,
    rtpCapabilities: ctx.device.rtpCapabilities,
    preferredLayers: p.kind === 'video' ? { spatialLayer } : undefined,
  });
  markStep(`consume-reply-${c.kind}`);
  const consumer = await recv.consume({ id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters as types.RtpParameters });
  void request(ctx.socket, 'signal:resume-consumer', { consumerId: c.id }).then(
    () => markStep(`resumed-${c.kind}`),
    () => undefined,
  );
  markStep(`consumed-${c.kind}`);
  return { consumer, producerId: c.producerId, peerId: c.peerId, source: c.source, kind: c.kind, paused: c.producerPaused, track: p.track ?? 'floor', ...(p.lang ? { lang: p.lang } : {}) };
}

/** Video first: the picture is what a resident waits for, and each consume is one round trip. */
export const videoFirst = (producers: ProducerInfo[]): ProducerInfo[] => [...producers].sort((a, b) => Number(b.kind === 'video') - Number(a.kind === 'video'));

/** Sends a local track: a camera as three simulcast layers, H.264 where the browser has it; `claim`: an interpreter's track. */
export function produceTrack(send: types.Transport, device: Device, source: MediaSource, track: MediaStreamTrack, claim?: TrackClaim): Promise<types.Producer> {
  const video = track.kind === 'video';
  return send.produce({
    track,
    encodings: video && source === 'camera' ? simulcast : undefined,
    codec: video ? preferredVideoCodec(device) : undefined,
    codecOptions: video ? { videoGoogleStartBitrate: 1000 } : { opusDtx: true, opusFec: true },
    stopTracks: false,
    appData: { source, claim },
  });
}
