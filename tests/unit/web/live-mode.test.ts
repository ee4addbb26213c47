import { describe, expect, it } from 'vitest';
import { LiveModeState, hlsDelaySec } from '../../../web/src/lib/live/live-mode.js';

describe('the live page: WebRTC first, live HLS as the fallback', () => {
  it('switches to HLS when no WebRTC frame arrives within 5 s', () => {
    const m = new LiveModeState({ now: 0 });
    m.setHls('ok');
    m.tick(4999);
    expect(m.mode).toBe('webrtc');
    expect(m.reason).toBe('starting');
    m.tick(5000);
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('no-frame');
    expect(m.showHls).toBe(true);
  });

  it('stays on WebRTC while frames flow, and falls back after 10 s without one', () => {
    const m = new LiveModeState({ now: 0 });
    m.frame(1000);
    expect(m.reason).toBe('realtime');
    for (let t = 1000; t <= 20_000; t += 500) {
      m.frame(t);
      m.tick(t);
    }
    expect(m.mode).toBe('webrtc');
    m.tick(29_999);
    expect(m.mode).toBe('webrtc');
    m.tick(30_000);
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('lost');
  });

  it('returns to real time on the first WebRTC frame while on HLS', () => {
    const m = new LiveModeState({ now: 0 });
    m.tick(6000);
    expect(m.mode).toBe('hls');
    m.tick(60_000);
    expect(m.mode).toBe('hls');
    m.frame(61_000);
    expect(m.mode).toBe('webrtc');
    expect(m.reason).toBe('realtime');
    // and the loss timer runs from that frame
    m.tick(70_999);
    expect(m.mode).toBe('webrtc');
    m.tick(71_000);
    expect(m.reason).toBe('lost');
  });

  it('keeps a resident who chose HLS there, and gives a chosen real time a fresh 5 s', () => {
    const m = new LiveModeState({ now: 0 });
    m.frame(100);
    m.choose('hls', 200);
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('manual');
    m.frame(300);
    expect(m.mode).toBe('hls');
    m.choose('webrtc', 20_000);
    expect(m.mode).toBe('webrtc');
    m.tick(24_999);
    expect(m.mode).toBe('webrtc');
    m.tick(25_000);
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('no-frame');
    expect(m.manual).toBe(false);
  });

  it('starts on HLS without RTCPeerConnection, and stays there', () => {
    const m = new LiveModeState({ now: 0, webrtcSupported: false });
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('unsupported');
    m.frame(10);
    m.choose('webrtc', 20);
    expect(m.mode).toBe('hls');
  });

  it('goes to HLS when the server refuses WebRTC for capacity', () => {
    const m = new LiveModeState({ now: 0 });
    m.refused();
    expect(m.mode).toBe('hls');
    expect(m.reason).toBe('capacity');
    expect(m.webrtcPossible).toBe(false);
  });

  it('names the problem when HLS is wanted but missing or stalled, and does not show it', () => {
    const m = new LiveModeState({ now: 0 });
    m.setHls('missing');
    expect(m.hlsProblem).toBeNull(); // not wanted yet
    m.tick(5000);
    expect(m.hlsProblem).toBe('missing');
    expect(m.showHls).toBe(false);
    m.setHls('ok');
    expect(m.hlsProblem).toBeNull();
    expect(m.showHls).toBe(true);
    m.setHls('stalled');
    expect(m.hlsProblem).toBe('stalled');
    m.frame(9000);
    expect(m.mode).toBe('webrtc');
    expect(m.hlsProblem).toBeNull();
  });

  it('never offers HLS for a session without public live HLS', () => {
    const m = new LiveModeState({ now: 0, hlsAllowed: false });
    m.setHls('ok');
    m.tick(6000);
    expect(m.hls).toBe('none');
    expect(m.showHls).toBe(false);
    expect(m.hlsProblem).toBe('none');
  });

  it('rounds the live edge latency for the label', () => {
    expect(hlsDelaySec(null)).toBeNull();
    expect(hlsDelaySec(Number.NaN)).toBeNull();
    expect(hlsDelaySec(0.2)).toBe(1);
    expect(hlsDelaySec(7.6)).toBe(8);
  });
});
