import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIngestArgs, shortGopSec, starterGopSec } from '../../media/ffmpeg/ingest-args.js';
import { probeSource } from '../../media/ffmpeg/probe.js';
import { IngestProcess } from '../../media/ingest/ingest-process.js';
import { prepareVideoFeed } from '../../media/ingest/video-feed.js';
import { generateClip } from '../helpers/fixtures.js';
import { startTestRouter } from '../helpers/rtp-source.js';
import { waitFor } from '../helpers/wait.js';

// A late joiner of a copied source (a file, an RTMP encoder) cannot ask it for a keyframe: it starts on the
// lowest server-side layer, which must carry one at least every quarter second whatever the source's interval; the
// middle layer, which a viewer climbs through, one every half second.
let router: types.Router;
let close: () => void;
beforeAll(async () => {
  ({ router, close } = await startTestRouter());
});
afterAll(() => close?.());

/** The RTP timestamps (90 kHz) of the keyframes the producer received, per SSRC, in arrival order. */
function keyframeTimestamps(producer: types.Producer): Map<number, number[]> {
  const seen = new Map<number, number[]>();
  producer.on('trace', (trace) => {
    if (trace.type !== 'keyframe') return;
    const { ssrc, timestamp } = trace.info as { ssrc: number; timestamp: number };
    const list = seen.get(ssrc) ?? [];
    // A keyframe spans several packets, all with its timestamp.
    if (list.at(-1) !== timestamp) list.push(timestamp);
    seen.set(ssrc, list);
  });
  return seen;
}

const longestGapSec = (timestamps: number[]) => Math.max(...timestamps.slice(1).map((t, i) => (t - timestamps[i]!) / 90_000));

describe('server-side simulcast keyframes', () => {
  it('a 720p file with a keyframe every 2 s: 180p has one every quarter second, 360p every half second, the copied source keeps its own', async () => {
    const clip = await generateClip({ seconds: 12, width: 1280, height: 720, cameraLike: true, keyframeSec: 2 });
    const info = await probeSource(clip);
    let transport: types.PlainTransport | undefined;
    let seen = new Map<number, number[]>();
    const feed = await prepareVideoFeed(info, true, async (rtpParameters) => {
      transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: true });
      const producer = await transport.produce({ kind: 'video', rtpParameters });
      await producer.enableTraceEvent(['keyframe']);
      seen = keyframeTimestamps(producer);
      return { ip: '127.0.0.1', port: transport.tuple.localPort, rtcpPort: transport.rtcpTuple!.localPort };
    });
    expect(feed.layers.map((l) => l.height)).toEqual([180, 360, null]);
    const ffmpeg = new IngestProcess(buildIngestArgs({ source: clip, info, loop: false, video: null, audio: null, ...feed.plan }));
    try {
      // Every layer past its fourth source keyframe (8 s of the clip at its own pace).
      const top = feed.layers.at(-1)!.ssrc;
      await waitFor('four keyframes of the copied source', () => (seen.get(top)?.length ?? 0) >= 4);
      const [low, mid] = feed.layers.map((l) => seen.get(l.ssrc) ?? []);
      expect(longestGapSec(seen.get(top)!)).toBeGreaterThan(1.5);
      expect(mid!.length).toBeGreaterThan(12);
      expect(longestGapSec(mid!)).toBeLessThanOrEqual(shortGopSec + 0.001);
      expect(low!.length).toBeGreaterThan(24);
      expect(longestGapSec(low!)).toBeLessThanOrEqual(starterGopSec + 0.001);
    } finally {
      await ffmpeg.stop();
      feed.close();
      transport?.close();
    }
  }, 60_000);
});
