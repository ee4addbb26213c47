import { describe, expect, it } from 'vitest';
import { joinFailure, retryDelayMs } from '../../../web/src/lib/live/sfu-retry.js';
import { SignalingError } from '../../../web/src/lib/live/signaling.js';

const refused = (code: ConstructorParameters<typeof SignalingError>[0]) => new SignalingError(code, 'refused');

describe('what a failed join means for the live page', () => {
  it('stops on a refusal the page cannot change by trying again', () => {
    for (const code of ['forbidden', 'not_found', 'validation_failed'] as const) {
      expect(joinFailure(refused(code), 'viewer', 'live')).toEqual({ state: 'failed', error: code });
    }
  });

  it('waits (viewers of a session not on air) or ends (publishers, or a session that is over) on a conflict', () => {
    expect(joinFailure(refused('conflict'), 'viewer', 'scheduled')).toEqual({ state: 'waiting' });
    expect(joinFailure(refused('conflict'), 'viewer', 'ended')).toEqual({ state: 'ended' });
    expect(joinFailure(refused('conflict'), 'publisher', 'live')).toEqual({ state: 'ended' });
    expect(joinFailure(refused('conflict'), 'participant', null)).toEqual({ state: 'ended' });
  });

  it('tries again after a timeout, a server error or anything unexpected', () => {
    expect(joinFailure(refused('timeout'), 'viewer', 'live')).toEqual({ state: 'reconnecting' });
    expect(joinFailure(new Error('socket closed'), 'publisher', 'live')).toEqual({ state: 'reconnecting' });
  });

  it('backs off from about 0.5 s, doubling, to at most 8 s, randomized by a quarter either way', () => {
    for (let i = 0; i < 50; i++) {
      const first = retryDelayMs(0);
      expect(first).toBeGreaterThanOrEqual(375);
      expect(first).toBeLessThanOrEqual(625);
      expect(retryDelayMs(2)).toBeGreaterThanOrEqual(1500);
      const late = retryDelayMs(10);
      expect(late).toBeGreaterThanOrEqual(6000);
      expect(late).toBeLessThanOrEqual(10_000);
    }
  });
});
