/**
 * Which audio rendition of a recording plays: the floor (the master's rendition without a URI, muxed in the
 * video variants) or an interpretation (its own playlist, matched by language). hls.js lists them in
 * `hls.audioTracks`; Safari's native HLS as the media element's `audioTracks`.
 */

/** An audio rendition as hls.js lists it: an empty `url` is the audio muxed in the video. */
export type AudioRendition = { lang?: string; url?: string };

/** The rendition to play for `lang` (null: the floor), or -1 when the recording has none such. */
export function audioTrackIndex(tracks: readonly AudioRendition[], lang: string | null): number {
  if (lang === null) {
    const muxed = tracks.findIndex((t) => !t.url);
    return muxed === -1 && tracks.length ? 0 : muxed;
  }
  return tracks.findIndex((t) => !!t.url && t.lang === lang);
}

/** Safari's AudioTrack (not in TypeScript's DOM types: Chromium and Firefox ship it behind a flag only). */
type NativeAudioTrack = { language: string; kind: string; enabled: boolean };
type NativeAudioTracks = ArrayLike<NativeAudioTrack> & EventTarget;

/** The element's native audio tracks, where the browser plays HLS itself and lists them. */
export function nativeAudioTracks(media: HTMLMediaElement): NativeAudioTracks | null {
  return (media as HTMLMediaElement & { audioTracks?: NativeAudioTracks }).audioTracks ?? null;
}

/**
 * Enables the native track for `lang` and disables the others; the floor is the main track (the master's
 * DEFAULT rendition, listed first). Returns whether such a track was there.
 */
export function chooseNativeAudio(tracks: ArrayLike<NativeAudioTrack>, lang: string | null): boolean {
  const list = Array.from(tracks);
  const main = Math.max(0, list.findIndex((t) => t.kind === 'main'));
  const index = lang === null ? main : list.findIndex((t, i) => i !== main && t.language === lang);
  if (index === -1 || index >= list.length) return false;
  list.forEach((t, i) => (t.enabled = i === index));
  return true;
}

/** What hls.js exposes of its audio renditions: the list and the one playing (settable). */
type HlsAudio = { readonly audioTracks: readonly AudioRendition[]; audioTrack: number };

/**
 * Plays `lang` (null: the floor): through hls.js where it plays the recording, else the element's native
 * tracks. Returns the language now playing where the native tracks switched; undefined where hls.js
 * switches (it says so with AUDIO_TRACK_SWITCHED) or there is no such rendition.
 */
export function chooseAudio(hls: HlsAudio | null, media: HTMLMediaElement | undefined, lang: string | null): string | null | undefined {
  if (hls) {
    const index = audioTrackIndex(hls.audioTracks, lang);
    if (index !== -1 && index !== hls.audioTrack) hls.audioTrack = index;
    return undefined;
  }
  const native = media && nativeAudioTracks(media);
  return native && chooseNativeAudio(native, lang) ? lang : undefined;
}

/** The language a rendition plays (null: the floor, muxed in the video). */
export const renditionLang = (track: AudioRendition | undefined): string | null => (track?.url ? (track.lang ?? null) : null);
