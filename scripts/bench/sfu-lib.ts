import { execFile, fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { types } from 'mediasoup';
import { buildIngestArgs, loopListText, type SourceInfo } from '../../media/ffmpeg/ingest-args.js';
import { IngestProcess } from '../../media/ingest/ingest-process.js';
import { audioRtpParameters, ingestPayloadTypes, videoRtpParameters } from '../../media/ingest/rtp-parameters.js';
import { probeSource } from '../../media/ffmpeg/probe.js';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 720p H.264 (constrained baseline, ~1.5 Mb/s, keyframe every second) + audio clip, cached. */
export async function benchClip(seconds = 10): Promise<string> {
  const dir = path.join(os.tmpdir(), 'nist-bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `fanout-720p-${seconds}s.mp4`);
  if (fs.existsSync(file)) return file;
  await run('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'baseline', '-bf', '0', '-g', '25',
    '-b:v', '1500k', '-maxrate', '1500k', '-bufsize', '1500k', '-pix_fmt', 'yuv420p', '-c:a', 'aac', `${file}.tmp.mp4`,
  ]);
  fs.renameSync(`${file}.tmp.mp4`, file);
  return file;
}

export type Feed = { stop: () => Promise<void>; process: IngestProcess };

/**
 * Feeds `file` in a loop (H.264 copied, audio to Opus) to two comedia PlainTransports made by `plain`,
 * producing through `produce`; as the broadcast CLI does, minus the signaling.
 */
export async function feedFile(
  file: string,
  plain: () => Promise<{ id: string; ip: string; port: number; rtcpPort: number | undefined }>,
  produce: (transportId: string, kind: 'video' | 'audio', rtpParameters: types.RtpParameters) => Promise<unknown>,
  startSeq?: number,
): Promise<Feed> {
  const info: SourceInfo = await probeSource(file);
  const target = async (kind: 'video' | 'audio') => {
    const t = await plain();
    const ssrc = randomInt(1, 2 ** 31 - 1);
    await produce(t.id, kind, kind === 'video' ? videoRtpParameters(ssrc) : audioRtpParameters(ssrc));
    return { ip: t.ip, port: t.port, rtcpPort: t.rtcpPort ?? t.port + 1, ssrc, payloadType: ingestPayloadTypes[kind] };
  };
  const video = await target('video');
  const audio = await target('audio');
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nist-bench-')), 'loop.txt');
  fs.writeFileSync(list, loopListText(path.resolve(file)));
  const ffmpeg = new IngestProcess(buildIngestArgs({ source: file, info, loop: true, video, audio, loopList: list, startSeq }));
  ffmpeg.on('error', (e) => process.stderr.write(`feed ffmpeg: ${e.message}\n`));
  return { process: ffmpeg, stop: () => ffmpeg.stop() };
}

/** The drain child process: sockets to point consumers at, and per-window loss from sequence numbers. */
export class Drain {
  private constructor(
    private readonly child: ChildProcess,
    readonly ports: number[],
  ) {}

  static async start(sockets: number): Promise<Drain> {
    const child = fork(path.join(here, 'rtp-drain.ts'), [String(sockets)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const ports = await new Promise<number[]>((resolve) => child.once('message', (m: { ports: number[] }) => resolve(m.ports)));
    return new Drain(child, ports);
  }

  get pid(): number {
    return this.child.pid!;
  }

  snapshot(): Promise<Map<number, [received: number, ext: number]>> {
    return new Promise((resolve) => {
      this.child.once('message', (m: { streams: [number, number, number][] }) => resolve(new Map(m.streams.map(([s, r, e]) => [s, [r, e]]))));
      this.child.send({ type: 'snapshot' });
    });
  }

  stop(): void {
    this.child.kill();
  }
}

/** Loss between two drain snapshots, over streams present in both; also the worst single stream. */
export function lossBetween(a: Map<number, [number, number]>, b: Map<number, [number, number]>, ssrcs?: Set<number>) {
  let expected = 0;
  let received = 0;
  let worst = 0;
  let streams = 0;
  for (const [ssrc, [r1, e1]] of b) {
    const before = a.get(ssrc);
    if (!before || (ssrcs && !ssrcs.has(ssrc))) continue;
    const exp = e1 - before[1];
    const rec = r1 - before[0];
    if (exp <= 0) continue;
    streams += 1;
    expected += exp;
    received += rec;
    worst = Math.max(worst, 1 - rec / exp);
  }
  return { loss: expected ? Math.max(0, 1 - received / expected) : 1, worst: Math.max(0, worst), streams, packets: received };
}

/** SRTP parameters for the receiving side of a PlainTransport (the drain never sends, so any key works). */
export const drainSrtp = (): types.SrtpParameters => ({ cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: randomBytes(30).toString('base64') });
