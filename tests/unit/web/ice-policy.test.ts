import { describe, expect, it } from 'vitest';
import { candidatesFor, iceModeFrom, transportPolicyFor } from '../../../web/src/lib/live/ice-policy.js';

describe('the live page ?ice= parameter', () => {
  it('reads relay and tcp, and falls back to every path', () => {
    expect(iceModeFrom('?ice=relay')).toBe('relay');
    expect(iceModeFrom('?lang=en&ice=tcp')).toBe('tcp');
    expect(iceModeFrom('')).toBe('all');
    expect(iceModeFrom('?ice=RELAY')).toBe('all');
    expect(iceModeFrom('?ice=udp')).toBe('all');
  });

  it('asks for relay candidates only in relay mode', () => {
    expect(transportPolicyFor('relay')).toBe('relay');
    expect(transportPolicyFor('tcp')).toBe('all');
    expect(transportPolicyFor('all')).toBe('all');
  });

  it('keeps the server candidates the mode allows', () => {
    const offered = [
      { protocol: 'udp', ip: '10.0.0.1' },
      { protocol: 'tcp', ip: '10.0.0.1' },
    ];
    expect(candidatesFor('tcp', offered)).toEqual([offered[1]]);
    expect(candidatesFor('all', offered)).toEqual(offered);
    expect(candidatesFor('relay', offered)).toEqual(offered);
  });
});
