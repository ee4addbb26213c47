/** What ffprobe found in a source, as far as ingest cares. */
export type SourceInfo = {
  formatName: string;
  video: {
    codec: string;
    profile: string | null;
    hasBFrames: boolean;
    /** Size, frame rate and bitrate when ffprobe tells them (an RTMP stream's metadata may not). */
    width?: number;
    height?: number;
    fps?: number;
    bitrateKbps?: number;
  } | null;
  audio: { codec: string } | null;
};

export type RtpTarget = { ip: string; port: number; rtcpPort: number; ssrc: number; payloadType: number };

/**
 * One video layer of a server-side simulcast: `height` null is the source itself (copied when it can be), any
 * other a transcode scaled to that height. All layers come from one decode of the source.
 */
export type VideoLayerOutput = { height: number | null; bitrateKbps: number; target: RtpTarget };

export type IngestPlan = {
  source: string;
  info: SourceInfo;
  /** Repeat a file forever. */
  loop: boolean;
  video: RtpTarget | null;
  audio: RtpTarget | null;
  /** First RTP sequence number (benches set it near 65535 to exercise the wrap). */
  startSeq?: number;
  /** Target bitrate when the video has to be transcoded. */
  videoBitrateKbps?: number;
  /** A concat list repeating the file (see `needsLoopList`), written by the caller. */
  loopList?: string;
  /**
   * Server-side simulcast, lowest layer first, the source last: replaces `video`. The layers' RTP may go to one
   * relay address (see media/ingest/rtp-relay.ts); each has its own SSRC.
   */
  videoLayers?: VideoLayerOutput[];
  /**
   * Wall clock (µs since 1970) that every output's RTCP sender reports take as the time of PTS 0, so that the
   * layers' and the audio's reports agree: mediasoup aligns timestamps from them when it switches a viewer's
   * layer, and browsers sync audio to video with them. Without it each output counts from its own first packet,
   * and a transcoded layer starts later than the copied one.
   */
  startTimeRealtimeUs?: number;
};

const isNetworkSource = (source: string) => /^(rtsp|rtmp|rtmps|srt|udp|rtp):\/\//i.test(source);

/**
 * Copy H.264 that WebRTC can play as it is (no B-frames, which browsers' jitter buffers do not reorder);
 * transcode anything else to constrained-baseline H.264 with a keyframe every second.
 */
export function canCopyVideo(info: SourceInfo): boolean {
  return !!info.video && info.video.codec === 'h264' && !info.video.hasBFrames;
}

/** ffmpeg arguments that read `source` and send its video and audio as RTP to two mediasoup PlainTransports. */
export function buildIngestArgs(plan: IngestPlan): string[] {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin'];
  const network = isNetworkSource(plan.source);
  if (/^rtsp:/i.test(plan.source)) args.push('-rtsp_transport', 'tcp');
  if (!network) {
    // A file is played at its own pace, as a camera would deliver it.
    args.push('-re');
    if (plan.loop && !plan.loopList) args.push('-stream_loop', '-1');
  }
  const layered = !!plan.videoLayers?.length && !!plan.info.video;
  // Slice threads only: frame threads would hold each decoded frame back by one frame per thread.
  if (layered) args.push('-thread_type', 'slice');
  if (plan.loopList) args.push('-f', 'concat', '-safe', '0', '-i', plan.loopList);
  else args.push('-i', plan.source);
  if (layered) args.push(...layeredVideoOutputs(plan, plan.videoLayers!));
  else if (plan.video && plan.info.video) args.push(...videoOutput(plan, plan.video));
  if (plan.audio && plan.info.audio) args.push(...audioOutput(plan, plan.audio));
  return args;
}

const x264Live = ['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-bf', '0'];
const rateControl = (kbps: number) => ['-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${kbps * 2}k`];
/**
 * Each frame keeps its source time. A constant rate would be guessed from the input: RTP from a WebRTC encoder
 * (no timing in its SPS) reads as 90000 fps, and ffmpeg then sends each frame thousands of times.
 */
const ownFrameTimes = ['-fps_mode', 'passthrough'];
/** The transcoded layers' longest keyframe interval: what a viewer switching up to one of them waits at most. */
export const shortGopSec = 0.5;
/**
 * The lowest layer's longest keyframe interval: what a new viewer, who starts on it, waits at most for a picture
 * from a source that cannot be asked for a keyframe (a file, an RTMP encoder). A quarter second halves the wait of
 * half a second for about 0.006 of SSIM at 180p and 200 kb/s (scripts/bench: late-joiner; README).
 */
export const starterGopSec = 0.25;
const keyframesEvery = (sec: number) => ['-force_key_frames', `expr:gte(t,n_forced*${sec})`];

/**
 * The simulcast layers from one decode: the source copied (no added delay) or, when it cannot be copied, encoded
 * like the others; each smaller layer scaled from the next larger one. Every source keyframe is one in every
 * layer; the transcoded layers also take one at least every half second (`shortGopSec`), and the lowest, which a
 * new viewer starts on, every quarter second (`starterGopSec`), so that the viewer has a picture within a quarter
 * second even from a source that makes keyframes only every few seconds and cannot be asked for one (a file, an
 * RTMP encoder). A transcoded source layer keeps a keyframe a second. Every layer keeps the source's frame rate.
 */
export function layeredVideoOutputs(plan: IngestPlan, layers: VideoLayerOutput[]): string[] {
  const copyTop = canCopyVideo(plan.info);
  const scaled = layers.filter((l) => l.height !== null).sort((a, b) => b.height! - a.height!);
  const graph: string[] = [];
  let from = '[0:v:0]';
  if (!copyTop) {
    graph.push(`${from}split=2[vtop][vdown]`);
    from = '[vdown]';
  }
  scaled.forEach((layer, i) => {
    const scale = `${from}scale=-2:${layer.height}:flags=bilinear`;
    if (i === scaled.length - 1) graph.push(`${scale}[v${layer.height}]`);
    else {
      graph.push(`${scale},split=2[v${layer.height}][vs${i}]`);
      from = `[vs${i}]`;
    }
  });
  const lowest = scaled.at(-1)?.height;
  // Where the source is copied: its keyframes, and x264's own (-g frames, from the last one) in between.
  const keyframes = (height: number) => {
    const sec = height === lowest ? starterGopSec : shortGopSec;
    const gop = String(Math.max(1, Math.floor((plan.info.video?.fps ?? 30) * sec)));
    return copyTop ? ['-force_key_frames', 'source', '-g', gop, '-sc_threshold', '0'] : [...keyframesEvery(sec), '-sc_threshold', '0'];
  };
  const topKeyframes = [...keyframesEvery(1), '-sc_threshold', '0'];
  const args = graph.length ? ['-filter_complex', graph.join(';')] : [];
  for (const layer of layers) {
    if (layer.height === null && copyTop) args.push('-map', '0:v:0', '-c:v', 'copy', ...annexB(plan));
    else if (layer.height === null) args.push('-map', '[vtop]', ...x264Live, ...rateControl(layer.bitrateKbps), ...topKeyframes, ...ownFrameTimes);
    else args.push('-map', `[v${layer.height}]`, ...x264Live, ...rateControl(layer.bitrateKbps), ...keyframes(layer.height), ...ownFrameTimes);
    args.push(...realtimeClock(plan), ...rtpOutput(plan, layer.target));
  }
  return args;
}

const realtimeClock = (plan: IngestPlan) => (plan.startTimeRealtimeUs === undefined ? [] : ['-start_time_realtime', String(plan.startTimeRealtimeUs)]);

/** Parameter sets in-band before every keyframe; the concat demuxer of a loop list converts by itself (auto_convert). */
function annexB(plan: IngestPlan): string[] {
  return plan.loopList ? [] : ['-bsf:v', /^rtsp:/i.test(plan.source) ? 'dump_extra=freq=keyframe' : 'h264_mp4toannexb'];
}

function videoOutput(plan: IngestPlan, target: RtpTarget): string[] {
  // Parameter sets must be in-band before every keyframe, so a viewer who joins late can start decoding.
  const codec = canCopyVideo(plan.info)
    ? ['-c:v', 'copy', ...annexB(plan)]
    : [
        '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline',
        '-pix_fmt', 'yuv420p', '-b:v', `${plan.videoBitrateKbps ?? 1500}k`, '-maxrate', `${plan.videoBitrateKbps ?? 1500}k`,
        '-bufsize', `${(plan.videoBitrateKbps ?? 1500) * 2}k`, '-bf', '0', '-force_key_frames', 'expr:gte(t,n_forced*1)',
      ];
  return ['-map', '0:v:0', '-an', ...codec, ...rtpOutput(plan, target)];
}

function audioOutput(plan: IngestPlan, target: RtpTarget): string[] {
  return ['-map', '0:a:0', '-vn', '-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '96k', ...realtimeClock(plan), ...rtpOutput(plan, target)];
}

function rtpOutput(plan: IngestPlan, t: RtpTarget): string[] {
  const seq = plan.startSeq === undefined ? [] : ['-seq', String(plan.startSeq)];
  return ['-f', 'rtp', '-ssrc', String(t.ssrc), '-payload_type', String(t.payloadType), ...seq, `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`];
}

/**
 * Copying a looped file cannot go through -stream_loop: ffmpeg 5.1 flushes the output bitstream filter at the
 * first end of file and drops all later video ("A non-NULL packet sent after an EOF"). A concat list that
 * repeats the file plays as one long stream instead.
 */
export function needsLoopList(plan: Pick<IngestPlan, 'source' | 'info' | 'loop'>): boolean {
  return plan.loop && !isNetworkSource(plan.source) && canCopyVideo(plan.info);
}

/** The concat demuxer list for `needsLoopList`: the file (an absolute path) `times` times. */
export function loopListText(absolutePath: string, times = 10_000): string {
  const line = `file '${absolutePath.replaceAll("'", "'\\''")}'\n`;
  return line.repeat(times);
}

/** The fields of ffprobe's JSON that `parseProbe` reads, for `-show_entries`. */
export const probeEntries = 'stream=codec_type,codec_name,profile,has_b_frames,width,height,avg_frame_rate,r_frame_rate,bit_rate:format=format_name';

type ProbeStream = {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  has_b_frames?: number;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  bit_rate?: string;
};

/** "30000/1001" → 29.97; "0/0" and nonsense → undefined. */
function frameRate(...rates: (string | undefined)[]): number | undefined {
  for (const rate of rates) {
    const [n, d] = (rate ?? '').split('/').map(Number);
    const fps = d ? n! / d : n;
    if (fps && Number.isFinite(fps) && fps > 0 && fps <= 240) return Math.round(fps * 100) / 100;
  }
  return undefined;
}

function videoDetails(v: ProbeStream): { width?: number; height?: number; fps?: number; bitrateKbps?: number } {
  const fps = frameRate(v.avg_frame_rate, v.r_frame_rate);
  const bitrate = Number(v.bit_rate);
  return {
    ...(v.width && v.height ? { width: v.width, height: v.height } : {}),
    ...(fps ? { fps } : {}),
    ...(bitrate > 0 ? { bitrateKbps: Math.round(bitrate / 1000) } : {}),
  };
}

/** Reads ffprobe's JSON (`-show_entries` with `probeEntries`). */
export function parseProbe(json: string): SourceInfo {
  const data = JSON.parse(json) as { streams?: ProbeStream[]; format?: { format_name?: string } };
  const streams = data.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: data.format?.format_name ?? '',
    video: v ? { codec: v.codec_name ?? 'unknown', profile: v.profile ?? null, hasBFrames: (v.has_b_frames ?? 0) > 0, ...videoDetails(v) } : null,
    audio: a ? { codec: a.codec_name ?? 'unknown' } : null,
  };
}
