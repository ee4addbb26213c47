/**
 * Interpretations in HLS (RFC 8216 §4.3.4.1, §4.3.4.2): the master playlist lists an AUDIO group "audio" whose
 * first rendition is the floor, without a URI (its sound stays muxed in the video variants) and DEFAULT, and
 * one rendition per interpretation with its own audio-only playlist. Every variant names the group, but only
 * when there is an interpretation: a group of the floor alone would say nothing. Sign language is not here:
 * a sign-language picture as a variant would be one players switch to by bandwidth.
 */
import { quoted, withGroup } from './master-groups.js';

export const audioGroup = 'audio';

export type AudioRendition = { lang: string; name: string; uri: string };
export type AudioRenditions = { floor: { lang: string; name: string }; interpretations: readonly AudioRendition[] };

/** The master playlist with exactly these interpretations (any AUDIO renditions it listed before are replaced). */
export function withAudioRenditions(master: string, audio: AudioRenditions): string {
  const names = new Set([audio.floor.name]);
  // NAME is unique in a group: an interpretation into the floor's own language gets a distinct one.
  const unique = (name: string) => {
    let n = name;
    for (let i = 2; names.has(n); i += 1) n = `${name} ${i}`;
    names.add(n);
    return n;
  };
  const media = audio.interpretations.length
    ? [
        `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${audioGroup}",NAME="${quoted(audio.floor.name)}",LANGUAGE="${quoted(audio.floor.lang)}",DEFAULT=YES,AUTOSELECT=YES`,
        ...audio.interpretations.map(
          (t) =>
            `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${audioGroup}",NAME="${quoted(unique(t.name))}",LANGUAGE="${quoted(t.lang)}",` +
            `DEFAULT=NO,AUTOSELECT=YES,URI="${quoted(t.uri)}"`,
        ),
      ]
    : [];
  return withGroup(master, { type: 'AUDIO', groupId: audioGroup, media });
}
