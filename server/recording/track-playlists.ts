import type { AudioRenditions } from '../../media/recording/audio-playlists.js';
import { trackFolder } from '../../media/recording/track-recorder.js';
import { trackPlaylistName } from '../../media/ffmpeg/track-args.js';
import { captionTrackNames } from '../captions/live-rendition.js';
import type { Lang } from '../core/ids.js';

/** The floor's language: the councils Nist serves sit in Armenian. */
export const floorLang: Lang = 'hy';

/** A language named in itself, as the captions' renditions are (Русский, English, Հայերեն). */
export const trackName = (lang: string) => captionTrackNames[lang as Lang] ?? lang;

/** The master's AUDIO group for these interpretation languages: the floor first, then each, by language. */
export function audioRenditionsFor(langs: readonly string[]): AudioRenditions {
  return {
    floor: { lang: floorLang, name: trackName(floorLang) },
    interpretations: [...new Set(langs)].sort().map((lang) => ({
      lang,
      name: trackName(lang),
      uri: `${trackFolder({ kind: 'interpretation', lang })}/${trackPlaylistName}`,
    })),
  };
}
