import type { types } from 'mediasoup';
import type { PlainTransportInfo, TransportInfo } from './room-types.js';
import type { PlacedRouter } from './router-set.js';

/** What a WebRTC transport's owner hears when its remote end is gone without saying goodbye on signaling. */
export type TransportWatch = {
  /** DTLS closed (the remote sent close_notify) or failed, or ICE lost its last path (a TCP connection closed). */
  onDisconnected?: (why: 'dtls-closed' | 'dtls-failed' | 'ice-disconnected') => void;
};

/**
 * A WebRTC transport on the router's worker's WebRtcServer (one UDP and one TCP port per address for every
 * transport), UDP preferred. A send transport may bring up to 4 Mbit/s into the room.
 */
export async function webRtcTransportOn(placed: PlacedRouter, direction: 'send' | 'recv', watch: TransportWatch = {}): Promise<types.WebRtcTransport> {
  const transport = await placed.router.createWebRtcTransport({
    webRtcServer: placed.worker.webRtcServer,
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    initialAvailableOutgoingBitrate: 1_000_000,
    appData: { direction },
  });
  if (direction === 'send') await transport.setMaxIncomingBitrate(4_000_000).catch(() => undefined);
  const { onDisconnected } = watch;
  if (onDisconnected) {
    transport.on('dtlsstatechange', (state) => {
      if (state === 'closed' || state === 'failed') onDisconnected(state === 'closed' ? 'dtls-closed' : 'dtls-failed');
    });
    transport.on('icestatechange', (state) => {
      if (state === 'disconnected') onDisconnected('ice-disconnected');
    });
  }
  return transport;
}

/** What a WebRTC client needs of the transport to connect to it. */
export const webRtcTransportInfo = (transport: types.WebRtcTransport): TransportInfo => ({
  id: transport.id,
  iceParameters: transport.iceParameters,
  iceCandidates: transport.iceCandidates,
  dtlsParameters: transport.dtlsParameters,
});

/** A PlainTransport for a local process: comedia for an ingest encoder, or a recv transport with SRTP. */
export async function plainTransportOn(
  placed: PlacedRouter,
  listenIp: string,
  options: { comedia: boolean; enableSrtp?: boolean },
): Promise<{ transport: types.PlainTransport; info: PlainTransportInfo }> {
  const transport = await placed.router.createPlainTransport({
    listenIp: { ip: listenIp },
    rtcpMux: false,
    comedia: options.comedia,
    enableSrtp: options.enableSrtp ?? false,
    srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80',
  });
  const { localIp, localPort } = transport.tuple;
  return {
    transport,
    info: { id: transport.id, ip: localIp, port: localPort, rtcpPort: transport.rtcpTuple?.localPort, srtpParameters: transport.srtpParameters },
  };
}

/**
 * A PipeTransport for a room on another host (an edge pulling the origin's producers, server/cluster/): RTX on,
 * so a lost packet between hosts is sent again; SRTP when both ends enable it.
 */
export async function pipeTransportOn(
  placed: PlacedRouter,
  options: { listenIp: string; enableSrtp: boolean },
): Promise<{ transport: types.PipeTransport; info: PlainTransportInfo }> {
  const transport = await placed.router.createPipeTransport({ listenIp: { ip: options.listenIp }, enableRtx: true, enableSrtp: options.enableSrtp });
  const { localIp, localPort } = transport.tuple;
  return { transport, info: { id: transport.id, ip: localIp, port: localPort, rtcpPort: undefined, srtpParameters: transport.srtpParameters } };
}
