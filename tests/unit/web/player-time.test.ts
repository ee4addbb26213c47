import { describe, expect, it } from 'vitest';
import { formatClock, keyAction, parseChaptersVtt, parseStartTime } from '../../../web/src/lib/player/player-time.js';

describe('player helpers', () => {
  it.each([
    ['95', 95],
    ['95s', 95],
    ['1m35s', 95],
    ['1h2m3s', 3723],
    ['1:35', 95],
    ['01:02:03', 3723],
    ['soon', null],
    ['', null],
    [null, null],
  ])('reads ?t=%s as %s', (value, expected) => {
    expect(parseStartTime(value)).toBe(expected);
  });

  it('reads the chapters WebVTT the ladder writes', () => {
    const vtt = 'WEBVTT\n\n1\n00:00:00.000 --> 00:00:10.000\n1. Բացում\n\n2\n00:00:10.000 --> 00:00:20.000\n2. Բյուջե\n';
    expect(parseChaptersVtt(vtt)).toEqual([
      { startSec: 0, endSec: 10, title: '1. Բացում' },
      { startSec: 10, endSec: 20, title: '2. Բյուջե' },
    ]);
  });

  it('formats clock times and maps shortcuts', () => {
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(65)).toBe('1:05');
    expect(keyAction(' ')).toEqual({ kind: 'toggle' });
    expect(keyAction('N')).toEqual({ kind: 'chapter', step: 1 });
    expect(keyAction('7')).toEqual({ kind: 'seekToFraction', fraction: 0.7 });
    expect(keyAction('x')).toBeNull();
  });
});
