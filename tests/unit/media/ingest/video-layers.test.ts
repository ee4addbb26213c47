import dgram from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../../../media/ffmpeg/ingest-args.js';
import { RtpRelay } from '../../../../media/ingest/rtp-relay.js';
import { describeLayers, layeredVideoRtpParameters, planLayers, withSsrcs } from '../../../../media/ingest/video-layers.js';

const source = (height: number | undefined, hasBFrames = false): SourceInfo => ({
  formatName: 'flv',
  video: { codec: 'h264', profile: 'High', hasBFrames, ...(height ? { width: Math.round((height * 16) / 9), height } : {}) },
  audio: { codec: 'aac' },
});

describe('planLayers', () => {
  it('offers 180p, 360p and the source from 720 lines up, lowest first', () => {
    expect(planLayers(source(720), true).map((l) => l.height)).toEqual([180, 360, null]);
    expect(planLayers(source(1080), true).map((l) => l.height)).toEqual([180, 360, null]);
  });

  it('offers 360p and the source between 361 and 719 lines, 180p and the source from 181 to 360, the source alone below', () => {
    expect(planLayers(source(480), true).map((l) => l.height)).toEqual([360, null]);
    expect(planLayers(source(360), true).map((l) => l.height)).toEqual([180, null]);
    expect(planLayers(source(240), true).map((l) => l.height)).toEqual([180, null]);
    expect(planLayers(source(180), true).map((l) => l.height)).toEqual([null]);
    expect(planLayers(source(undefined), true).map((l) => l.height)).toEqual([null]);
  });

  it('is one layer with INGEST_SIMULCAST off', () => {
    expect(planLayers(source(720), false)).toEqual([{ height: null, bitrateKbps: 2500 }]);
  });

  it('gives a transcoded source the transcode bitrate, a copied one its own', () => {
    expect(planLayers(source(720, true), true).at(-1)!.bitrateKbps).toBe(1500);
    const measured = source(720);
    measured.video!.bitrateKbps = 3200;
    expect(planLayers(measured, true).at(-1)!.bitrateKbps).toBe(3200);
  });
});

describe('layeredVideoRtpParameters', () => {
  it('is one encoding per layer SSRC, lowest first, L1T1 with its bitrate', () => {
    const layers = withSsrcs(planLayers(source(720), true));
    expect(new Set(layers.map((l) => l.ssrc)).size).toBe(3);
    const p = layeredVideoRtpParameters(layers);
    expect(p.codecs).toHaveLength(1);
    expect(p.encodings).toEqual(layers.map((l) => ({ ssrc: l.ssrc, maxBitrate: l.bitrateKbps * 1000, scalabilityMode: 'L1T1' })));
    expect(p.encodings![0]!.maxBitrate).toBe(200_000);
    expect(describeLayers(layers, source(720))).toBe('720p + 360p + 180p');
  });

  it('is the plain single-stream producer for one layer', () => {
    const [layer] = withSsrcs(planLayers(source(720), false));
    expect(layeredVideoRtpParameters([layer!]).encodings).toEqual([{ ssrc: layer!.ssrc }]);
  });
});

describe('RtpRelay', () => {
  it('forwards every sender from one socket, RTP and RTCP apart, and drops what the target sends back', async () => {
    const target = dgram.createSocket('udp4').bind(0, '127.0.0.1');
    const targetRtcp = dgram.createSocket('udp4').bind(0, '127.0.0.1');
    await Promise.all([once(target, 'listening'), once(targetRtcp, 'listening')]);
    const relay = await RtpRelay.open({ ip: '127.0.0.1', port: target.address().port, rtcpPort: targetRtcp.address().port });
    const senders = [dgram.createSocket('udp4'), dgram.createSocket('udp4')];
    const rtpFrom = new Set<number>();
    const got: string[] = [];
    target.on('message', (m, from) => (rtpFrom.add(from.port), got.push(m.toString())));
    const rtcp = once(targetRtcp, 'message');
    try {
      senders[0]!.send('layer0', relay.port, relay.ip);
      senders[1]!.send('layer1', relay.port, relay.ip);
      senders[1]!.send('sr', relay.rtcpPort, relay.ip);
      const [report, reportFrom] = (await rtcp) as [Buffer, dgram.RemoteInfo];
      await expect.poll(() => got.sort()).toEqual(['layer0', 'layer1']);
      expect([...rtpFrom]).toEqual([relay.port]);
      expect(report.toString()).toBe('sr');
      expect(reportFrom.port).toBe(relay.rtcpPort);
      // The target's own RTCP (receiver reports, keyframe requests) is not sent round again.
      target.send('rr', relay.port, '127.0.0.1');
      senders[0]!.send('layer0-again', relay.port, relay.ip);
      await expect.poll(() => got.length).toBe(3);
      expect(got).not.toContain('rr');
      expect(relay.packets).toBe(4);
    } finally {
      relay.close();
      for (const s of [target, targetRtcp, ...senders]) s.close();
    }
  });
});

describe('INGEST_SIMULCAST', () => {
  it('is on by default; 0 or false turns it off; anything else names the variable', async () => {
    const { loadConfig, loadIngestSimulcast } = await import('../../../../server/core/config.js');
    expect(loadConfig({}).ingestSimulcast).toBe(true);
    expect(loadConfig({ INGEST_SIMULCAST: '0' }).ingestSimulcast).toBe(false);
    expect(loadConfig({ INGEST_SIMULCAST: 'false' }).ingestSimulcast).toBe(false);
    expect(() => loadConfig({ INGEST_SIMULCAST: 'maybe' })).toThrow(/INGEST_SIMULCAST/);
    expect(loadIngestSimulcast({})).toBe(true);
    expect(loadIngestSimulcast({ INGEST_SIMULCAST: '0' })).toBe(false);
    expect(() => loadIngestSimulcast({ INGEST_SIMULCAST: 'maybe' })).toThrow(/INGEST_SIMULCAST="maybe"/);
  });
});
