import { describe, expect, it } from 'vitest';
import { initialLayerState, layerForWidth, nextLayer } from '../../../web/src/lib/live/layer-policy.js';

describe('simulcast layer policy', () => {
  it('asks for the layer that fits the player', () => {
    expect(layerForWidth(358)).toBe(0);
    expect(layerForWidth(358, 2)).toBe(1);
    expect(layerForWidth(860)).toBe(1);
    expect(layerForWidth(1366)).toBe(2);
  });

  it('steps down on loss and back up only after a clean spell', () => {
    let s = initialLayerState(2);
    s = nextLayer(s, 2, 0.08);
    expect(s.cap).toBe(1);
    s = nextLayer(s, 2, 0.1);
    expect(s.cap).toBe(0);
    for (let i = 0; i < 4; i++) s = nextLayer(s, 2, 0);
    expect(s.cap).toBe(0);
    s = nextLayer(s, 2, 0);
    expect(s.cap).toBe(1);
    s = nextLayer(s, 2, 0.02); // some loss resets the clean spell without stepping down
    for (let i = 0; i < 5; i++) s = nextLayer(s, 2, 0.001);
    expect(s).toEqual({ cap: 2, cleanWindows: 0, limitedByLoss: false });
  });

  it('follows the player size at once when the network is fine', () => {
    let s = initialLayerState(0);
    s = nextLayer(s, 2, 0);
    expect(s.cap).toBe(2);
    s = nextLayer(s, 1, 0);
    expect(s.cap).toBe(1);
  });
});
