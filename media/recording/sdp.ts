/** One RTP stream ffmpeg receives: the consumer's codec and the local ports ffmpeg listens on. */
export type SdpStream = {
  kind: 'audio' | 'video';
  payloadType: number;
  /** e.g. "H264", "VP8", "opus" */
  codecName: string;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
  rtpPort: number;
  rtcpPort: number;
};

/**
 * The session description ffmpeg reads to receive mediasoup consumers over plain RTP. Videos first, then
 * audios, so ffmpeg's stream indices match the order the recorder lays them out in.
 */
export function buildSdp(streams: SdpStream[], address = '127.0.0.1'): string {
  const ordered = [...streams.filter((s) => s.kind === 'video'), ...streams.filter((s) => s.kind === 'audio')];
  const lines = ['v=0', `o=- 0 0 IN IP4 ${address}`, 's=Nist recording', `c=IN IP4 ${address}`, 't=0 0'];
  for (const s of ordered) {
    lines.push(`m=${s.kind} ${s.rtpPort} RTP/AVP ${s.payloadType}`);
    lines.push(`a=rtcp:${s.rtcpPort}`);
    const channels = s.kind === 'audio' && s.channels && s.channels > 1 ? `/${s.channels}` : '';
    lines.push(`a=rtpmap:${s.payloadType} ${s.codecName}/${s.clockRate}${channels}`);
    const fmtp = Object.entries(s.parameters ?? {})
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(';');
    if (fmtp) lines.push(`a=fmtp:${s.payloadType} ${fmtp}`);
    lines.push('a=recvonly');
  }
  return `${lines.join('\n')}\n`;
}

/** "video/H264" → "H264", "audio/opus" → "opus". */
export const codecNameOf = (mimeType: string) => mimeType.split('/')[1] ?? mimeType;
