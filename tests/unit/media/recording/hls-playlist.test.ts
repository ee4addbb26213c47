import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  finalizePlaylist,
  MergedPlaylist,
  parseMasterPlaylist,
  parseMediaPlaylist,
  renderChaptersVtt,
  renderMasterPlaylist,
  renderMediaPlaylist,
} from '../../../../media/recording/hls-playlist.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'nist-hls-'));

const ffmpegRun = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:EVENT
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:00.000+0000
#EXTINF:2.000000,
r0-00000.ts
#EXT-X-PROGRAM-DATE-TIME:2026-11-21T10:00:02.000+0000
#EXTINF:1.960000,
r0-00001.ts
`;

describe('media playlists', () => {
  it('reads segments with their durations and date-times', () => {
    const p = parseMediaPlaylist(ffmpegRun);
    expect(p.ended).toBe(false);
    expect(p.segments).toEqual([
      { uri: 'r0-00000.ts', durationSec: 2, programDateTime: '2026-11-21T10:00:00.000+0000' },
      { uri: 'r0-00001.ts', durationSec: 1.96, programDateTime: '2026-11-21T10:00:02.000+0000' },
    ]);
  });

  it('writes a live EVENT playlist and, once ended, a VOD one with ENDLIST', () => {
    const segments = parseMediaPlaylist(ffmpegRun).segments;
    const live = renderMediaPlaylist({ segments, ended: false });
    expect(live).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
    expect(live).not.toContain('#EXT-X-ENDLIST');
    const vod = renderMediaPlaylist({ segments, ended: true });
    expect(vod).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(vod.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(parseMediaPlaylist(vod).segments).toEqual(segments);
  });

  it('merges runs with a discontinuity between them and never drops a finished segment', () => {
    const dir = tmp();
    const merged = new MergedPlaylist(path.join(dir, 'index.m3u8'));
    merged.addFrom(parseMediaPlaylist(ffmpegRun).segments.slice(0, 1));
    merged.addFrom(parseMediaPlaylist(ffmpegRun).segments);
    merged.markBreak();
    merged.addFrom([{ uri: 'r1-00000.ts', durationSec: 2 }]);
    const text = fs.readFileSync(path.join(dir, 'index.m3u8'), 'utf8');
    const p = parseMediaPlaylist(text);
    expect(p.segments.map((s) => s.uri)).toEqual(['r0-00000.ts', 'r0-00001.ts', 'r1-00000.ts']);
    expect(p.segments.map((s) => s.discontinuity ?? false)).toEqual([false, false, true]);
    expect(text.indexOf('#EXT-X-DISCONTINUITY')).toBeLessThan(text.indexOf('r1-00000.ts'));
    expect(merged.durationSec).toBeCloseTo(5.96, 5);
  });

  it('resumes a playlist left by an earlier process and marks the gap with a discontinuity', () => {
    const dir = tmp();
    const file = path.join(dir, 'index.m3u8');
    for (const f of ['r0-00000.ts', 'r0-00001.ts']) fs.writeFileSync(path.join(dir, f), 'x');
    fs.writeFileSync(file, renderMediaPlaylist({ segments: parseMediaPlaylist(ffmpegRun).segments, ended: true }));
    const merged = MergedPlaylist.resume(file);
    merged.addFrom([{ uri: 'r1-00000.ts', durationSec: 2 }]);
    const p = parseMediaPlaylist(fs.readFileSync(file, 'utf8'));
    expect(p.ended).toBe(false);
    expect(p.segments).toHaveLength(3);
    expect(p.segments[2]!.discontinuity).toBe(true);
  });

  it('finalizing closes the playlist and drops segments missing on disk', () => {
    const dir = tmp();
    const file = path.join(dir, 'index.m3u8');
    fs.writeFileSync(path.join(dir, 'r0-00000.ts'), 'x');
    fs.writeFileSync(file, ffmpegRun);
    expect(finalizePlaylist(file)).toEqual({ durationSec: 2, segments: 1 });
    expect(finalizePlaylist(file)).toEqual({ durationSec: 2, segments: 1 });
    expect(parseMediaPlaylist(fs.readFileSync(file, 'utf8')).ended).toBe(true);
  });
});

describe('master playlist and chapters', () => {
  it('lists variants tallest first with bandwidth, resolution and subtitles', () => {
    const text = renderMasterPlaylist(
      [
        { uri: '240p/index.m3u8', bandwidth: 500_000, width: 426, height: 240 },
        { uri: '720p/index.m3u8', bandwidth: 3_000_000, width: 1280, height: 720, codecs: 'avc1.640028,mp4a.40.2' },
      ],
      [{ uri: 'captions/hy.m3u8', lang: 'hy', name: 'Հայերեն', isDefault: true }],
    );
    expect(text.startsWith('#EXTM3U')).toBe(true);
    expect(text).toContain('TYPE=SUBTITLES,GROUP-ID="subs"');
    expect(parseMasterPlaylist(text)).toEqual([
      { uri: '720p/index.m3u8', bandwidth: 3_000_000, resolution: '1280x720' },
      { uri: '240p/index.m3u8', bandwidth: 500_000, resolution: '426x240' },
    ]);
  });

  it('writes chapters as WebVTT cues running to the next chapter', () => {
    const vtt = renderChaptersVtt(
      [
        { startSec: 65.5, endSec: null, title: '2. Budget' },
        { startSec: 0, endSec: null, title: '1. Opening' },
        { startSec: 500, endSec: null, title: 'after the end' },
      ],
      120,
    );
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:00.000 --> 00:01:05.500\n1. Opening\n\n2\n00:01:05.500 --> 00:02:00.000\n2. Budget\n');
  });
});
