import { describe, expect, it } from 'vitest';
import { audioTrackIndex, chooseAudio, chooseNativeAudio, renditionLang } from '../../../web/src/lib/player/audio-tracks.js';
import { heardInRecording, recordingLanguages } from '../../../web/src/lib/player/recording-tracks.js';
import { seekDriftSec, signStep } from '../../../web/src/lib/player/sign-sync.js';

// hls.audioTracks of a master as the tracks contract writes it: the floor without a URI, then the interpretations.
const renditions = [
  { lang: undefined, url: '' },
  { lang: 'ru', url: 'https://x/recordings/1/audio-ru/index.m3u8' },
  { lang: 'en', url: 'https://x/recordings/1/audio-en/index.m3u8' },
];

describe("a recording's audio renditions", () => {
  it('plays the floor from the rendition muxed in the video and a language from its own playlist', () => {
    expect(audioTrackIndex(renditions, null)).toBe(0);
    expect(audioTrackIndex(renditions, 'en')).toBe(2);
    expect(audioTrackIndex(renditions, 'hy')).toBe(-1);
    expect(audioTrackIndex([], null)).toBe(-1);
    // A floor that is itself labelled with a language is still the floor, not that language's interpretation.
    expect(audioTrackIndex([{ lang: 'hy', url: '' }, { lang: 'hy', url: 'a/index.m3u8' }], 'hy')).toBe(1);
    expect(renditionLang(renditions[0])).toBeNull();
    expect(renditionLang(renditions[1])).toBe('ru');
  });

  it('switches hls.js only when another rendition is wanted', () => {
    const hls = { audioTracks: renditions, audioTrack: 0 };
    expect(chooseAudio(hls, undefined, 'ru')).toBeUndefined();
    expect(hls.audioTrack).toBe(1);
    chooseAudio(hls, undefined, 'hy');
    expect(hls.audioTrack).toBe(1);
    chooseAudio(hls, undefined, null);
    expect(hls.audioTrack).toBe(0);
  });

  it("enables one of Safari's native tracks: the main one for the floor", () => {
    const native = [
      { language: 'hy', kind: 'main', enabled: true },
      { language: 'ru', kind: 'alternative', enabled: false },
    ];
    expect(chooseNativeAudio(native, 'ru')).toBe(true);
    expect(native.map((t) => t.enabled)).toEqual([false, true]);
    expect(chooseNativeAudio(native, 'en')).toBe(false);
    expect(chooseNativeAudio(native, null)).toBe(true);
    expect(native.map((t) => t.enabled)).toEqual([true, false]);
  });

  it('offers the languages the recording kept, in the product order, and hears the floor for one it did not', () => {
    const tracks = { interpretations: [{ lang: 'ru', name: 'Русский' }, { lang: 'xx', name: '?' }, { lang: 'hy', name: 'Հայերեն' }], sign: null };
    expect(recordingLanguages(tracks)).toEqual([{ lang: 'hy', name: 'Հայերեն' }, { lang: 'ru', name: 'Русский' }]);
    expect(recordingLanguages(undefined)).toEqual([]);
    expect(heardInRecording('ru', recordingLanguages(tracks))).toBe('ru');
    expect(heardInRecording('en', recordingLanguages(tracks))).toBe('floor');
  });
});

describe('the sign-language picture in step with the recording', () => {
  const playing = { time: 10, paused: false, rate: 1, waiting: false };

  it('seeks when the drift is large and runs a little faster or slower when it is small', () => {
    expect(signStep(playing, { time: 10 + seekDriftSec + 0.1, seeking: false })).toEqual({ seekTo: 10, rate: 1, play: true, hidden: false });
    expect(signStep(playing, { time: 5, seeking: true }).seekTo).toBeNull(); // a seek under way is not repeated
    const behind = signStep(playing, { time: 9.9, seeking: false });
    expect(behind.seekTo).toBeNull();
    expect(behind.rate).toBeCloseTo(1.1);
    expect(signStep(playing, { time: 10.05, seeking: false }).rate).toBeCloseTo(0.95);
    expect(signStep(playing, { time: 10.01, seeking: false }).rate).toBe(1);
  });

  it('follows the rate and the pause, and hides while the recording waits', () => {
    expect(signStep({ ...playing, rate: 1.5 }, { time: 10, seeking: false }).rate).toBe(1.5);
    expect(signStep({ ...playing, paused: true }, { time: 10.02, seeking: false })).toEqual({ seekTo: null, rate: 1, play: false, hidden: false });
    // Paused, it is put on the recording's frame even for a small drift.
    expect(signStep({ ...playing, paused: true }, { time: 10.2, seeking: false }).seekTo).toBe(10);
    expect(signStep({ ...playing, waiting: true }, { time: 3, seeking: false })).toEqual({ seekTo: null, rate: 1, play: false, hidden: true });
  });
});
