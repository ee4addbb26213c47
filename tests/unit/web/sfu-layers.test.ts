import { describe, expect, it } from 'vitest';
import { ConsumerLayers } from '../../../web/src/lib/live/sfu-layers.js';

/** The layers asked of the SFU, in order, as `consumerId:layer`. */
function recorder() {
  const asked: string[] = [];
  const layers = new ConsumerLayers(async (id, layer) => void asked.push(`${id}:${layer}`));
  return { asked, layers };
}

describe('ConsumerLayers', () => {
  it("asks nothing of a consumer until its first layer is forwarded, then the player's layer", async () => {
    const { asked, layers } = recorder();
    await layers.setCap(2);
    layers.added('v1');
    await layers.setCap(1);
    expect(asked).toEqual([]);
    layers.changed('v1', 0);
    expect(asked).toEqual(['v1:1']);
    // Its later layer changes (the climb itself) ask nothing more.
    layers.changed('v1', 1);
    expect(asked).toEqual(['v1:1']);
  });

  it('follows the player once forwarded, each consumer asked only when its own layer differs', async () => {
    const { asked, layers } = recorder();
    await layers.setCap(0);
    layers.added('v1');
    layers.changed('v1', 0);
    // Already on the layer it starts with: nothing to ask.
    expect(asked).toEqual([]);
    await layers.setCap(2);
    await layers.setCap(2);
    layers.added('v2');
    await layers.setCap(1);
    layers.changed('v2', 0);
    expect(asked).toEqual(['v1:2', 'v1:1', 'v2:1']);
  });

  it('takes a forwarded layer reported before the consumer was added, and forgets removed consumers', async () => {
    const { asked, layers } = recorder();
    layers.changed('v1', 0);
    layers.added('v1');
    expect(asked).toEqual(['v1:2']);
    layers.removed('v1');
    await layers.setCap(0);
    layers.changed('v2', null);
    layers.added('v2');
    expect(asked).toEqual(['v1:2']);
  });
});
