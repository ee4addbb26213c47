import pino from 'pino';
import type { types } from 'mediasoup';
import { startRtpSource, type RtpSource } from '../../media/ingest/rtp-source.js';
import { mediaCodecs } from '../../media/sfu/codecs.js';
import { WorkerPool } from '../../media/sfu/worker-pool.js';

export type { RtpSource };

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A one-worker pool and a router with Nist's codecs, for media tests without the web server. */
export async function startTestRouter(): Promise<{ pool: WorkerPool; router: types.Router; close: () => void }> {
  const pool = await WorkerPool.start(
    { size: 1, listenIp: '127.0.0.1', webRtcServerPort: 0, rtcMinPort: 46000, rtcMaxPort: 46999 },
    silentLog,
  );
  const router = await pool.entry(0)!.worker.createRouter({ mediaCodecs });
  return { pool, router, close: () => pool.close() };
}

/**
 * Synthetic source: ffmpeg testsrc2 + sine (with `sync`, a white flash and a beep at the start of every
 * second) sent as H.264 or VP8 + Opus RTP into PlainTransport producers on `router`.
 */
export function startSyntheticSource(
  router: types.Router,
  options: { codec: 'h264' | 'vp8'; width?: number; height?: number; sync?: boolean; seconds?: number; keyframeSec?: number },
): Promise<RtpSource> {
  return startRtpSource({
    router,
    codec: options.codec,
    input: { kind: 'pattern', width: options.width ?? 640, height: options.height ?? 360, fps: 25, sync: options.sync ?? true },
    // Bounded, so a source orphaned by a crashed test ends by itself.
    seconds: options.seconds ?? 120,
    keyframeSec: options.keyframeSec ?? 0.5,
    log: silentLog,
  });
}
