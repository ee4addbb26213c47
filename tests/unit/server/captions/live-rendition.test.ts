import { describe, expect, it } from 'vitest';
import { readWebVtt } from '../../../../server/recording/webvtt.contract.js';
import {
  closingEnd,
  linesToWebVtt,
  parseLiveVttSegmentName,
  renderLiveMaster,
  renderLiveSubtitlePlaylist,
  renderLiveVttSegment,
  segmentWindows,
} from '../../../../server/captions/live-rendition.js';

describe('live caption rendition', () => {
  it('ends a line when the next starts, at most 7 s after it started, never before it', () => {
    expect(closingEnd(10, 12.5)).toBe(12.5);
    expect(closingEnd(10, 30)).toBe(17);
    expect(closingEnd(10, 10)).toBe(10.1);
  });

  it('lists the live master with one subtitles rendition per language over the recorder playlist', () => {
    const master = renderLiveMaster('source/index.m3u8', ['hy', 'en']);
    expect(master).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:6',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=NO,AUTOSELECT=YES,URI="captions.hy.m3u8"',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,URI="captions.en.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=2500000,SUBTITLES="subs"',
        'source/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('follows the video segments, discontinuities included, and ends with the video', () => {
    const windows = segmentWindows([
      { uri: 'a.ts', durationSec: 2 },
      { uri: 'b.ts', durationSec: 2.5 },
      { uri: 'c.ts', durationSec: 2, discontinuity: true },
    ]);
    expect(windows.map((w) => [w.startSec, w.endSec])).toEqual([[0, 2], [2, 4.5], [4.5, 6.5]]);
    const live = renderLiveSubtitlePlaylist('hy', windows, false);
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2.000,\ncaptions.hy.0.vtt\n#EXTINF:2.500,\ncaptions.hy.1.vtt\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\ncaptions.hy.2.vtt\n');
    expect(live).not.toContain('ENDLIST');
    expect(renderLiveSubtitlePlaylist('hy', windows, true)).toMatch(/#EXT-X-ENDLIST\n$/);
    expect(parseLiveVttSegmentName('captions.hy.12.vtt')).toEqual({ lang: 'hy', index: 12 });
    // A recording's caption file (a 12-hex-digit hash) is not a live segment.
    expect(parseLiveVttSegmentName('captions.hy.123456789012.vtt')).toBeNull();
  });

  it('puts in each segment the lines on screen during it, at their timeline times', () => {
    const lines = [
      { startSec: 1, endSec: 3, text: 'one & <two>' },
      { startSec: 5, endSec: null, text: 'newest' },
    ];
    const [first, second] = segmentWindows([{ uri: 'a', durationSec: 2 }, { uri: 'b', durationSec: 2 }]);
    expect(renderLiveVttSegment(lines, first!)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\none &amp; <two>\n');
    expect(renderLiveVttSegment(lines, second!)).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\none &amp; <two>\n');
    const third = { index: 2, startSec: 4, endSec: 6, discontinuity: false };
    expect(readWebVtt(renderLiveVttSegment(lines, third))).toEqual([{ startSec: 5, endSec: 12, text: 'newest' }]);
    expect(readWebVtt(linesToWebVtt(lines)).map((c) => c.endSec)).toEqual([3, 12]);
  });
});
