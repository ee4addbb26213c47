/** What ffprobe found in a source, as far as ingest cares. */
export type SourceInfo = {
  formatName: string;
  video: { codec: string; profile: string | null; hasBFrames: boolean } | null;
  audio: { codec: string } | null;
};

export type RtpTarget = { ip: string; port: number; rtcpPort: number; ssrc: number; payloadType: number };

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
  if (plan.loopList) args.push('-f', 'concat', '-safe', '0', '-i', plan.loopList);
  else args.push('-i', plan.source);
  if (plan.video && plan.info.video) args.push(...videoOutput(plan, plan.video));
  if (plan.audio && plan.info.audio) args.push(...audioOutput(plan, plan.audio));
  return args;
}

function videoOutput(plan: IngestPlan, target: RtpTarget): string[] {
  // Parameter sets must be in-band before every keyframe, so a viewer who joins late can start decoding.
  // The concat demuxer of a loop list converts by itself (auto_convert).
  const bsf = plan.loopList ? [] : ['-bsf:v', /^rtsp:/i.test(plan.source) ? 'dump_extra=freq=keyframe' : 'h264_mp4toannexb'];
  const codec = canCopyVideo(plan.info)
    ? ['-c:v', 'copy', ...bsf]
    : [
        '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'baseline',
        '-pix_fmt', 'yuv420p', '-b:v', `${plan.videoBitrateKbps ?? 1500}k`, '-maxrate', `${plan.videoBitrateKbps ?? 1500}k`,
        '-bufsize', `${(plan.videoBitrateKbps ?? 1500) * 2}k`, '-bf', '0', '-force_key_frames', 'expr:gte(t,n_forced*1)',
      ];
  return ['-map', '0:v:0', '-an', ...codec, ...rtpOutput(plan, target)];
}

function audioOutput(plan: IngestPlan, target: RtpTarget): string[] {
  return ['-map', '0:a:0', '-vn', '-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '96k', ...rtpOutput(plan, target)];
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

/** Reads ffprobe's JSON (`-show_entries stream=codec_type,codec_name,profile,has_b_frames:format=format_name`). */
export function parseProbe(json: string): SourceInfo {
  const data = JSON.parse(json) as {
    streams?: { codec_type?: string; codec_name?: string; profile?: string; has_b_frames?: number }[];
    format?: { format_name?: string };
  };
  const streams = data.streams ?? [];
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  return {
    formatName: data.format?.format_name ?? '',
    video: v ? { codec: v.codec_name ?? 'unknown', profile: v.profile ?? null, hasBFrames: (v.has_b_frames ?? 0) > 0 } : null,
    audio: a ? { codec: a.codec_name ?? 'unknown' } : null,
  };
}
