import type { SubtitleTrack } from './hls-playlist.js';

/**
 * Captions in HLS (RFC 8216 §4.3.4.1, §4.3.4.2.1): the master playlist lists one SUBTITLES rendition per
 * language in group "subs", and each names a media playlist holding the whole WebVTT file as one segment.
 * The server builds these on request from the captions in the database, so an upload or an edit shows at
 * once and no file on disk needs rewriting.
 */
export const subtitlesGroup = 'subs';

const quoted = (value: string) => value.replace(/["\r\n]/g, '');

/** The master playlist with exactly these subtitle renditions (any it listed before are replaced). */
export function withSubtitles(master: string, tracks: readonly SubtitleTrack[]): string {
  const lines = master.split(/\r?\n/).filter((l) => !/^#EXT-X-MEDIA:.*TYPE=SUBTITLES/.test(l));
  const media = tracks.map(
    (t) =>
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${subtitlesGroup}",NAME="${quoted(t.name)}",LANGUAGE="${quoted(t.lang)}",` +
      `DEFAULT=${t.isDefault ? 'YES' : 'NO'},AUTOSELECT=YES,URI="${quoted(t.uri)}"`,
  );
  const out: string[] = [];
  let placed = false;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      if (!placed) out.push(...media);
      placed = true;
      const attrs = line.replace(/,SUBTITLES="[^"]*"/, '');
      out.push(tracks.length ? `${attrs},SUBTITLES="${subtitlesGroup}"` : attrs);
    } else {
      out.push(line);
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** A VOD subtitles media playlist: the whole WebVTT file as one segment spanning the recording. */
export function renderSubtitlePlaylist(vttUri: string, durationSec: number): string {
  const duration = Math.max(0.001, durationSec);
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.ceil(duration)}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${duration.toFixed(3)},`,
    vttUri,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}
