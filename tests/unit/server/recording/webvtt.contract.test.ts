import { describe, expect, it } from 'vitest';
import { cuePayload, cueProblems, formatVttTime, plainCueText, readWebVtt, WebVttError, writeWebVtt } from '../../../../server/recording/webvtt.contract.js';

describe('shared WebVTT read and write', () => {
  it('reads cues with their text as written and writes them back the same', () => {
    const source = 'WEBVTT\n\nNOTE a comment\n\n1\n00:00:01.000 --> 00:00:04.500 align:start\n<v Նախագահ>Բարև ձեզ։\nԵրկրորդ տող\n\n01:02.250 --> 01:03.000\nDos &amp; don’ts\n';
    const cues = readWebVtt(source);
    expect(cues).toEqual([
      { startSec: 1, endSec: 4.5, text: '<v Նախագահ>Բարև ձեզ։\nԵրկրորդ տող' },
      { startSec: 62.25, endSec: 63, text: 'Dos &amp; don’ts' },
    ]);
    expect(plainCueText(cues[0]!.text)).toBe('Բարև ձեզ։ Երկրորդ տող');
    expect(readWebVtt(writeWebVtt(cues))).toEqual(cues);
    expect(writeWebVtt(cues)).toMatch(/^WEBVTT\n\n1\n00:00:01\.000 --> 00:00:04\.500\n/);
  });

  it('formats times with hours and milliseconds', () => {
    expect(formatVttTime(0)).toBe('00:00:00.000');
    expect(formatVttTime(3723.4567)).toBe('01:02:03.457');
  });

  it('makes typed text safe as a cue payload', () => {
    expect(cuePayload('a < b & c\n\n--> d')).toBe('a &lt; b &amp; c\n-> d');
    expect(plainCueText(cuePayload('a < b & c'))).toBe('a < b & c');
  });

  it.each([
    ['no header', '00:00:01.000 --> 00:00:02.000\nx', /starts with the line "WEBVTT"/],
    ['a bad timing', 'WEBVTT\n\n00:00:01 --> soon\nx', /^Line 3: the cue timing/],
    ['an end before the start', 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx', /^Line 3: the cue ends before it starts/],
    ['cues out of order', 'WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nb\n\n00:00:01.000 --> 00:00:02.000\na', /^Line 6: .*time order/],
  ])('refuses %s, naming the line', (_name, source, message) => {
    expect(() => readWebVtt(source)).toThrow(WebVttError);
    expect(() => readWebVtt(source)).toThrow(message);
  });

  it('lists what is wrong with each cue for the editor', () => {
    expect(
      cueProblems([
        { startSec: 5, endSec: 6, text: 'ok' },
        { startSec: 4, endSec: 3, text: ' <b></b> ' },
        { startSec: -1, endSec: 2, text: 'x' },
        { startSec: NaN, endSec: 2, text: 'x' },
      ]),
    ).toEqual([[], ['endBeforeStart', 'order', 'emptyText'], ['negative', 'order'], ['negative']]);
  });
});
