import { withSubtitles } from '../../media/recording/subtitle-playlists.js';
import type { Segment } from '../../media/recording/hls-playlist.js';
import { formatVttTime, cuePayload, writeWebVtt } from '../recording/webvtt.contract.js';
import type { Lang } from '../core/ids.js';

/**
 * Live caption lines as HLS: a live master playlist over the recorder's growing playlist with one SUBTITLES
 * rendition per language, each a WebVTT media playlist that follows the video's segments (same durations,
 * same discontinuities), so players (hls.js, Safari) fetch the lines as the video grows. Cue times are on
 * the recording's timeline, which is also the video's MPEG-TS time (the recorder writes each run with
 * `-output_ts_offset` at its place on the timeline): cue 0 is MPEGTS 0, which RFC 8216 §3.5 makes the
 * meaning of a WebVTT segment without X-TIMESTAMP-MAP, as the recordings' caption files have it too.
 */

/** How long a line stays up when no line follows it: long enough to read 300 characters at a glance. */
export const lingerSec = 7;

export type TimedLine = { startSec: number; endSec: number | null; text: string };

/** The end a line gets when the next one of its language starts at `nextStartSec` (never before its start). */
export function closingEnd(startSec: number, nextStartSec: number): number {
  return round(Math.max(Math.min(startSec + lingerSec, nextStartSec), startSec + 0.1));
}

/** Where a line ends on screen: its end, or (the newest line) `lingerSec` after it started. */
export const displayEnd = (line: TimedLine): number => line.endSec ?? round(line.startSec + lingerSec);

/** The lines of one language as a whole WebVTT file (the recording's caption track at the session's end). */
export function linesToWebVtt(lines: readonly TimedLine[]): string {
  const sorted = [...lines].sort((a, b) => a.startSec - b.startSec);
  return writeWebVtt(sorted.map((l) => ({ startSec: l.startSec, endSec: displayEnd(l), text: l.text })));
}

/** Caption names as players list them: each language in itself (as the recordings' master playlists do). */
export const captionTrackNames: Record<Lang, string> = { hy: 'Հայերեն', en: 'English', ru: 'Русский' };

/**
 * The live master playlist: the recorder's playlist as its one variant, with the languages' subtitle
 * renditions. BANDWIDTH is required by RFC 8216; one variant is never chosen by it, so it is nominal.
 */
export function renderLiveMaster(videoUri: string, langs: readonly Lang[]): string {
  const base = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-STREAM-INF:BANDWIDTH=2500000', videoUri, ''].join('\n');
  return withSubtitles(base, langs.map((lang) => ({ uri: liveSubtitlePlaylistName(lang), lang, name: captionTrackNames[lang] })));
}

export const liveSubtitlePlaylistName = (lang: Lang) => `captions.${lang}.m3u8`;
export const liveVttSegmentName = (lang: Lang, index: number) => `captions.${lang}.${index}.vtt`;
/** A live WebVTT segment's file name → its language and index (null: not one). */
export function parseLiveVttSegmentName(file: string): { lang: string; index: number } | null {
  const m = /^captions\.([a-z]{2})\.(\d{1,6})\.vtt$/.exec(file);
  return m ? { lang: m[1]!, index: Number(m[2]) } : null;
}

export type SegmentWindow = { index: number; startSec: number; endSec: number; discontinuity: boolean };

/** The video segments' places on the timeline. */
export function segmentWindows(segments: readonly Segment[]): SegmentWindow[] {
  let at = 0;
  return segments.map((s, index) => {
    const w = { index, startSec: round(at), endSec: round(at + s.durationSec), discontinuity: s.discontinuity === true };
    at += s.durationSec;
    return w;
  });
}

/** The subtitles media playlist of a language while live: one WebVTT segment per video segment, no end. */
export function renderLiveSubtitlePlaylist(lang: Lang, windows: readonly SegmentWindow[], ended: boolean): string {
  const target = Math.max(1, ...windows.map((w) => Math.ceil(w.endSec - w.startSec)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', `#EXT-X-PLAYLIST-TYPE:${ended ? 'VOD' : 'EVENT'}`];
  for (const w of windows) {
    if (w.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXTINF:${(w.endSec - w.startSec).toFixed(3)},`, liveVttSegmentName(lang, w.index));
  }
  if (ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** One WebVTT segment: the lines on screen during the window, at their own times on the timeline. */
export function renderLiveVttSegment(lines: readonly TimedLine[], window: SegmentWindow): string {
  const blocks = lines
    .filter((l) => l.startSec < window.endSec && displayEnd(l) > window.startSec)
    .sort((a, b) => a.startSec - b.startSec)
    .map((l) => `${formatVttTime(l.startSec)} --> ${formatVttTime(displayEnd(l))}\n${cuePayload(l.text)}`);
  return `WEBVTT\n\n${blocks.join('\n\n')}${blocks.length ? '\n' : ''}`;
}

const round = (sec: number) => Math.round(sec * 1000) / 1000;
