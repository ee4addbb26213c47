import { describe, expect, it } from 'vitest';
import type { MediaSource } from '../../../server/live/live.contract.js';
import { pickPicture } from '../../../web/src/lib/live/live-picture.js';

/** A received stream as far as the choice reads it. */
const remote = (producerId: string, kind: 'audio' | 'video', source: MediaSource) => ({ producerId, kind, source });

describe("the live player's picture", () => {
  it('shows the camera, and plays every audio', () => {
    const p = pickPicture([remote('a', 'audio', 'microphone'), remote('c', 'video', 'camera')]);
    expect(p.main?.producerId).toBe('c');
    expect(p.inset).toBeUndefined();
    expect(p.audio.map((a) => a.producerId)).toEqual(['a']);
  });

  it('puts a shared screen in the main picture and the camera in the inset', () => {
    const p = pickPicture([remote('c', 'video', 'camera'), remote('s', 'video', 'screen'), remote('a', 'audio', 'microphone')]);
    expect([p.main?.producerId, p.inset?.producerId]).toEqual(['s', 'c']);
  });

  it('has no picture before any video arrives', () => {
    const p = pickPicture([remote('a', 'audio', 'microphone')]);
    expect([p.main, p.inset]).toEqual([undefined, undefined]);
  });
});
