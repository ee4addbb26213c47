import type { Peer } from './peer.js';

export type PeerStats = {
  transports: { id: string; recvBitrate: number; sendBitrate: number; availableOutgoingBitrate: number | null }[];
  producers: { id: string; kind: string; score: number; bitrate: number; packetsLost: number; fractionLost: number }[];
  consumers: { id: string; kind: string; score: number; producerScore: number; spatialLayer: number | null }[];
};

/** What a studio or player shows as stream health: bitrates, scores and loss, summed per producer layer. */
export async function summarizeStats(peer: Peer): Promise<PeerStats> {
  const transports = await Promise.all(
    peer.transports.map(async (t) => {
      const [s] = (await t.getStats()) as { recvBitrate?: number; sendBitrate?: number; availableOutgoingBitrate?: number }[];
      return {
        id: t.id,
        recvBitrate: s?.recvBitrate ?? 0,
        sendBitrate: s?.sendBitrate ?? 0,
        availableOutgoingBitrate: s?.availableOutgoingBitrate ?? null,
      };
    }),
  );
  const producers = await Promise.all(
    peer.producers.map(async (p) => {
      const layers = await p.getStats();
      return {
        id: p.id,
        kind: p.kind,
        score: Math.max(0, ...p.score.map((s) => s.score)),
        bitrate: layers.reduce((sum, l) => sum + l.bitrate, 0),
        packetsLost: layers.reduce((sum, l) => sum + l.packetsLost, 0),
        fractionLost: Math.max(0, ...layers.map((l) => l.fractionLost)),
      };
    }),
  );
  const consumers = peer.consumers.map((c) => ({
    id: c.id,
    kind: c.kind,
    score: c.score.score,
    producerScore: c.score.producerScore,
    spatialLayer: c.currentLayers?.spatialLayer ?? null,
  }));
  return { transports, producers, consumers };
}
