import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../server/core/config.js';
import { webrtcFull } from '../../../../server/live/live-access.js';

describe('LIVE_MAX_WEBRTC_VIEWERS', () => {
  it('is no limit by default, a whole number otherwise', () => {
    expect(loadConfig({}).liveMaxWebrtcViewers).toBeNull();
    expect(loadConfig({ LIVE_MAX_WEBRTC_VIEWERS: '50' }).liveMaxWebrtcViewers).toBe(50);
    expect(() => loadConfig({ LIVE_MAX_WEBRTC_VIEWERS: 'many' })).toThrow(/LIVE_MAX_WEBRTC_VIEWERS/);
    expect(() => loadConfig({ LIVE_MAX_WEBRTC_VIEWERS: '-1' })).toThrow(/LIVE_MAX_WEBRTC_VIEWERS/);
  });

  it('fills a public council session at the limit; meetings and private sessions are never limited', () => {
    const council = { kind: 'council', visibility: 'public' };
    expect(webrtcFull(null, council, 10_000)).toBe(false);
    expect(webrtcFull(2, council, 1)).toBe(false);
    expect(webrtcFull(2, council, 2)).toBe(true);
    expect(webrtcFull(0, council, 0)).toBe(true);
    expect(webrtcFull(0, { kind: 'meeting', visibility: 'private' }, 5)).toBe(false);
    expect(webrtcFull(0, { kind: 'council', visibility: 'private' }, 5)).toBe(false);
  });
});
