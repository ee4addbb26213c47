import { describe, expect, it } from 'vitest';
import { buildSdp } from '../../../../media/recording/sdp.js';

describe('buildSdp', () => {
  it('describes each consumer with its ports, codec and parameters, videos first', () => {
    const sdp = buildSdp([
      { kind: 'audio', payloadType: 100, codecName: 'opus', clockRate: 48000, channels: 2, rtpPort: 20002, rtcpPort: 20003 },
      {
        kind: 'video',
        payloadType: 102,
        codecName: 'H264',
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
        rtpPort: 20000,
        rtcpPort: 20001,
      },
    ]);
    const lines = sdp.trim().split('\n');
    expect(lines[0]).toBe('v=0');
    const video = lines.indexOf('m=video 20000 RTP/AVP 102');
    const audio = lines.indexOf('m=audio 20002 RTP/AVP 100');
    expect(video).toBeGreaterThan(0);
    expect(audio).toBeGreaterThan(video);
    expect(lines).toContain('a=rtcp:20001');
    expect(lines).toContain('a=rtpmap:102 H264/90000');
    expect(lines).toContain('a=fmtp:102 packetization-mode=1;profile-level-id=42e01f');
    expect(lines).toContain('a=rtpmap:100 opus/48000/2');
  });
});
