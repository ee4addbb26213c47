/** Numbers a studio shows about what it sends, from the sender's own WebRTC stats. */
export type SendHealth = { videoKbps: number; lossPercent: number; audioLevel: number; width: number | null; height: number | null };

type Sample = { at: number; bytes: number };

/** Turns successive stats reports into rates; one instance per producer pair. */
export class SendHealthMeter {
  #last: Sample | null = null;

  read(video: RTCStatsReport | null, audio: RTCStatsReport | null): SendHealth {
    let bytes = 0;
    let lossSum = 0;
    let lossCount = 0;
    let width: number | null = null;
    let height: number | null = null;
    video?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'outbound-rtp') {
        bytes += Number(s.bytesSent ?? 0);
        const w = Number(s.frameWidth ?? 0);
        if (w > (width ?? 0)) {
          width = w;
          height = Number(s.frameHeight ?? 0);
        }
      }
      if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') {
        lossSum += s.fractionLost;
        lossCount += 1;
      }
    });
    let audioLevel = 0;
    audio?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'media-source' && typeof s.audioLevel === 'number') audioLevel = s.audioLevel;
    });
    const now = performance.now();
    const last = this.#last;
    this.#last = { at: now, bytes };
    const videoKbps = last && now > last.at ? Math.max(0, ((bytes - last.bytes) * 8) / (now - last.at)) : 0;
    return { videoKbps, lossPercent: lossCount ? (lossSum / lossCount) * 100 : 0, audioLevel, width, height };
  }
}

/** Loss on a received video stream between two reports: lost / (lost + received) of the new packets. */
export class ReceiveLossMeter {
  #lost = 0;
  #received = 0;

  read(report: RTCStatsReport): number {
    let lost = 0;
    let received = 0;
    report.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp') {
        lost += Math.max(0, Number(s.packetsLost ?? 0));
        received += Number(s.packetsReceived ?? 0);
      }
    });
    const dLost = lost - this.#lost;
    const dReceived = received - this.#received;
    this.#lost = lost;
    this.#received = received;
    return dLost + dReceived > 0 ? Math.max(0, dLost) / (dLost + dReceived) : 0;
  }
}
