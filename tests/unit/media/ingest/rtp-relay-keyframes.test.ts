import dgram from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { asksForKeyframe, RtpRelay } from '../../../../media/ingest/rtp-relay.js';
import { layeredVideoRtpParameters, withSsrcs } from '../../../../media/ingest/video-layers.js';

/** An RTCP packet header with `words` 32-bit words after it (RFC 3550 length). */
const rtcp = (pt: number, fmt: number, words: number) => {
  const b = Buffer.alloc(4 + words * 4);
  b[0] = 0x80 | fmt;
  b[1] = pt;
  b.writeUInt16BE(words, 2);
  return b;
};
const receiverReport = rtcp(201, 0, 1);
const pli = rtcp(206, 1, 2);
const fir = rtcp(206, 4, 4);
const nack = rtcp(205, 1, 3);

describe('asksForKeyframe', () => {
  it('finds a PLI or a FIR anywhere in a compound packet, and nothing else', () => {
    expect(asksForKeyframe(Buffer.concat([receiverReport, pli]))).toBe(true);
    expect(asksForKeyframe(Buffer.concat([receiverReport, fir]))).toBe(true);
    expect(asksForKeyframe(Buffer.concat([receiverReport, nack]))).toBe(false);
    expect(asksForKeyframe(receiverReport)).toBe(false);
    expect(asksForKeyframe(Buffer.alloc(2))).toBe(false);
  });
});

describe('RtpRelay keyframe requests', () => {
  it("passes the target's keyframe requests on, and drops its other RTCP", async () => {
    const targetRtcp = dgram.createSocket('udp4').bind(0, '127.0.0.1');
    await once(targetRtcp, 'listening');
    let asked = 0;
    const relay = await RtpRelay.open({ ip: '127.0.0.1', port: 9, rtcpPort: targetRtcp.address().port }, () => asked++);
    try {
      targetRtcp.send(receiverReport, relay.rtcpPort, '127.0.0.1');
      targetRtcp.send(Buffer.concat([receiverReport, pli]), relay.rtcpPort, '127.0.0.1');
      await expect.poll(() => asked).toBe(1);
      expect(relay.packets).toBe(0);
    } finally {
      relay.close();
      targetRtcp.close();
    }
  });

  it('declares PLI and FIR on the producer only when the source can make keyframes on request', () => {
    const layers = withSsrcs([{ height: 180, bitrateKbps: 200 }, { height: null, bitrateKbps: 2500 }]);
    expect(layeredVideoRtpParameters(layers).codecs[0]!.rtcpFeedback).toEqual([]);
    expect(layeredVideoRtpParameters(layers, true).codecs[0]!.rtcpFeedback).toEqual([{ type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }]);
    expect(layeredVideoRtpParameters(layers, true).encodings).toHaveLength(2);
  });
});
