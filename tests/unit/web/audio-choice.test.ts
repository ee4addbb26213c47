import { describe, expect, it } from 'vitest';
import { heard, languagesOnAir, receives, withAudio } from '../../../web/src/lib/live/audio-choice.js';
import { pickPicture } from '../../../web/src/lib/live/live-picture.js';
import { dragPip, movePip } from '../../../web/src/lib/live/pip-position.js';

type Track = 'floor' | 'interpretation' | 'sign';
const stream = (producerId: string, kind: 'audio' | 'video', track: Track, lang?: string) => ({
  producerId,
  kind,
  source: kind === 'audio' ? ('microphone' as const) : ('camera' as const),
  track,
  ...(lang ? { lang } : {}),
});
const room = [
  stream('floor-v', 'video', 'floor'),
  stream('floor-a', 'audio', 'floor'),
  stream('ru', 'audio', 'interpretation', 'ru'),
  stream('en', 'audio', 'interpretation', 'en'),
  stream('sign', 'video', 'sign'),
];

describe("the resident's audio choice", () => {
  it('keeps interpreters out of the floor picture and offers the languages on air in the product order', () => {
    const p = pickPicture(room);
    expect(p.main?.producerId).toBe('floor-v');
    expect(p.audio.map((a) => a.producerId)).toEqual(['floor-a']);
    expect(p.sign?.producerId).toBe('sign');
    expect(languagesOnAir(room)).toEqual(['en', 'ru']);
  });

  it('plays the chosen interpretation instead of the floor, and the floor for a language not on air', () => {
    const p = pickPicture(room);
    expect(withAudio(p, 'en').audio.map((a) => a.producerId)).toEqual(['en']);
    expect(withAudio(p, 'floor').audio.map((a) => a.producerId)).toEqual(['floor-a']);
    expect(heard('hy', room)).toBe('floor');
    expect(heard('ru', room)).toBe('ru');
  });

  it('receives only what is heard or shown', () => {
    const wanted = (choice: 'floor' | 'en', signOn: boolean) => room.filter((r) => receives(r, choice, signOn)).map((r) => r.producerId);
    expect(wanted('floor', false)).toEqual(['floor-v', 'floor-a']);
    expect(wanted('en', true)).toEqual(['floor-v', 'en', 'sign']);
  });
});

describe('the sign-language picture-in-picture position', () => {
  it('moves by arrow keys within the picture, and ignores other keys', () => {
    expect(movePip({ x: 0.98, y: 0.04 }, 'ArrowLeft')).toEqual({ x: 0.98 - 0.05, y: 0.04 });
    expect(movePip({ x: 0.98, y: 0.04 }, 'ArrowRight')).toEqual({ x: 1, y: 0.04 });
    expect(movePip({ x: 0.5, y: 0.1 }, 'ArrowUp', true)).toEqual({ x: 0.5, y: 0 });
    expect(movePip({ x: 0.5, y: 0.5 }, 'End')).toEqual({ x: 1, y: 1 });
    expect(movePip({ x: 0.5, y: 0.5 }, 'a')).toBeNull();
  });

  it('follows a drag in proportion to the room it has', () => {
    expect(dragPip({ x: 0.5, y: 0.5 }, { dx: 100, dy: -50 }, { width: 400, height: 200 })).toEqual({ x: 0.75, y: 0.25 });
    expect(dragPip({ x: 0.5, y: 0.5 }, { dx: 1000, dy: 0 }, { width: 400, height: 0 })).toEqual({ x: 1, y: 0.5 });
  });
});
