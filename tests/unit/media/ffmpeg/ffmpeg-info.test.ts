import { describe, expect, it } from 'vitest';
import { probeFfmpeg } from '../../../../media/ffmpeg/probe.js';
import { generateClip, probeDuration } from '../../../helpers/fixtures.js';

describe('probeFfmpeg', () => {
  it('reports the installed ffmpeg version', async () => {
    const info = await probeFfmpeg('ffmpeg');
    expect(info.ok).toBe(true);
    if (info.ok) expect(info.version).toMatch(/^\d+\.\d+/);
  });

  it('reports a missing binary instead of throwing', async () => {
    const info = await probeFfmpeg('/nonexistent/ffmpeg');
    expect(info.ok).toBe(false);
  });

  it('generated fixtures are real media of the asked length', async () => {
    const file = await generateClip({ seconds: 2, width: 320, height: 180 });
    expect(await probeDuration(file)).toBeCloseTo(2, 0);
  });
});
