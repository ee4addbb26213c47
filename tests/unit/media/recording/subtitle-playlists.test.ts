import { describe, expect, it } from 'vitest';
import { parseMasterPlaylist, renderMasterPlaylist } from '../../../../media/recording/hls-playlist.js';
import { renderSubtitlePlaylist, withSubtitles } from '../../../../media/recording/subtitle-playlists.js';

const master = renderMasterPlaylist([
  { uri: '720p/index.m3u8', bandwidth: 2_000_000, width: 1280, height: 720, codecs: 'avc1.640028,mp4a.40.2', name: '720p' },
  { uri: '240p/index.m3u8', bandwidth: 400_000, width: 426, height: 240, name: '240p' },
]);

describe('captions in HLS playlists', () => {
  it('adds one SUBTITLES rendition per language and the group on every variant, replacing any listed before', () => {
    const once = withSubtitles(master, [
      { uri: 'captions.hy.m3u8', lang: 'hy', name: 'Հայերեն', isDefault: true },
      { uri: 'captions.en.m3u8', lang: 'en', name: 'English' },
    ]);
    const twice = withSubtitles(once, [{ uri: 'captions.ru.m3u8', lang: 'ru', name: 'Русский' }]);
    expect(twice.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA'))).toEqual([
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Русский",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=YES,URI="captions.ru.m3u8"',
    ]);
    expect(once).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=YES,AUTOSELECT=YES,URI="captions.hy.m3u8"');
    for (const text of [once, twice]) {
      const variants = text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
      expect(variants).toHaveLength(2);
      for (const v of variants) expect(v.match(/SUBTITLES="subs"/g)).toHaveLength(1);
      expect(text.indexOf('#EXT-X-MEDIA')).toBeLessThan(text.indexOf('#EXT-X-STREAM-INF'));
      expect(parseMasterPlaylist(text)).toEqual(parseMasterPlaylist(master));
    }
    expect(withSubtitles(once, [])).toBe(master);
  });

  it('writes a VOD subtitles playlist with the whole file as one segment', () => {
    expect(renderSubtitlePlaylist('captions.hy.abc.vtt', 20.04)).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:21\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:20.040,\ncaptions.hy.abc.vtt\n#EXT-X-ENDLIST\n',
    );
  });
});
