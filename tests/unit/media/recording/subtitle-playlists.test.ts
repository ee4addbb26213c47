import { describe, expect, it } from 'vitest';
import { parseMasterPlaylist, renderMasterPlaylist } from '../../../../media/recording/hls-playlist.js';
import { renderSubtitlePlaylist, withSubtitles } from '../../../../media/recording/subtitle-playlists.js';
import { withAudioRenditions } from '../../../../media/recording/audio-playlists.js';

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

describe('interpretations in HLS playlists', () => {
  const floor = { lang: 'hy', name: 'Հայերեն' };
  it('lists the floor (no URI, default) and each interpretation in group "audio", named on every variant', () => {
    const text = withAudioRenditions(master, { floor, interpretations: [{ lang: 'ru', name: 'Русский', uri: 'audio-ru/index.m3u8' }] });
    expect(text.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA'))).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Հայերեն",LANGUAGE="hy",DEFAULT=YES,AUTOSELECT=YES',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Русский",LANGUAGE="ru",DEFAULT=NO,AUTOSELECT=YES,URI="audio-ru/index.m3u8"',
    ]);
    for (const v of text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))) expect(v.match(/AUDIO="audio"/g)).toHaveLength(1);
    expect(parseMasterPlaylist(text)).toEqual(parseMasterPlaylist(master));
    // Without interpretations the master is as it was: no group of the floor alone.
    expect(withAudioRenditions(text, { floor, interpretations: [] })).toBe(master);
  });

  it('composes with captions in either order, and keeps names unique in the group', () => {
    const audio = { floor, interpretations: [{ lang: 'hy', name: 'Հայերեն', uri: 'audio-hy/index.m3u8' }] };
    const subs = [{ uri: 'captions.en.m3u8', lang: 'en', name: 'English' }];
    const a = withSubtitles(withAudioRenditions(master, audio), subs);
    const b = withAudioRenditions(withSubtitles(master, subs), audio);
    for (const text of [a, b]) {
      for (const v of text.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'))) expect(v).toMatch(/AUDIO="audio".*|SUBTITLES="subs"/);
      expect(text.match(/SUBTITLES="subs"/g)).toHaveLength(2);
      expect(text.match(/AUDIO="audio"/g)).toHaveLength(2);
      expect(text).toContain('NAME="Հայերեն 2",LANGUAGE="hy",DEFAULT=NO');
    }
  });
});
