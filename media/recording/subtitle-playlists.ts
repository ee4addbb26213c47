import type { SubtitleTrack } from './hls-playlist.js';
import { quoted, withGroup } from './master-groups.js';

/**
 * Captions in HLS (RFC 8216 §4.3.4.1, §4.3.4.2.1): the master playlist lists one SUBTITLES rendition per
 * language in group "subs", and each names a media playlist holding the whole WebVTT file as one segment.
 * The server builds these on request from the captions in the database, so an upload or an edit shows at
 * once and no file on disk needs rewriting.
 */
export const subtitlesGroup = 'subs';

/** The master playlist with exactly these subtitle renditions (any it listed before are replaced). */
export function withSubtitles(master: string, tracks: readonly SubtitleTrack[]): string {
  const media = tracks.map(
    (t) =>
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${subtitlesGroup}",NAME="${quoted(t.name)}",LANGUAGE="${quoted(t.lang)}",` +
      `DEFAULT=${t.isDefault ? 'YES' : 'NO'},AUTOSELECT=YES,URI="${quoted(t.uri)}"`,
  );
  return withGroup(master, { type: 'SUBTITLES', groupId: subtitlesGroup, media });
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
