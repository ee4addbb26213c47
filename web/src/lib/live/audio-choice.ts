import type { LivePicture } from './live-picture';
import type { RemoteMedia } from './sfu-media';

/** Interpretation languages in the product's order, each named in itself (as a language switch does). */
export const interpretationLanguages = [
  { lang: 'hy', name: 'Հայերեն' },
  { lang: 'en', name: 'English' },
  { lang: 'ru', name: 'Русский' },
] as const;
/** What a resident listens to: the floor, or an interpretation language. */
export type AudioChoiceValue = 'floor' | (typeof interpretationLanguages)[number]['lang'];

type Stream = Pick<RemoteMedia, 'kind' | 'source' | 'track'> & { lang?: string };

/** The interpretation languages on air, in the product's order. */
export function languagesOnAir(remote: readonly Stream[]): AudioChoiceValue[] {
  const on = new Set(remote.filter((r) => r.kind === 'audio' && r.track === 'interpretation').map((r) => r.lang));
  return interpretationLanguages.filter((l) => on.has(l.lang)).map((l) => l.lang);
}

/** The choice as it can be heard: a language that is not (or no longer) on air falls back to the floor. */
export function heard(choice: AudioChoiceValue, remote: readonly Stream[]): AudioChoiceValue {
  return choice === 'floor' || languagesOnAir(remote).includes(choice) ? choice : 'floor';
}

/** The picture with the chosen audio in place of the floor's. */
export function withAudio<T extends Stream>(picture: LivePicture<T>, choice: AudioChoiceValue): LivePicture<T> {
  if (choice === 'floor') return picture;
  const chosen = picture.interpretations.filter((r) => r.lang === choice);
  return chosen.length ? { ...picture, audio: chosen } : picture;
}

/**
 * Whether the page should receive `r`: the floor audio only while it is what plays, an interpretation only
 * while chosen, the sign-language picture only while shown. The rest (the floor's pictures) always.
 */
export function receives(r: Stream, choice: AudioChoiceValue, signOn: boolean): boolean {
  if (r.track === 'sign') return signOn;
  if (r.kind !== 'audio') return true;
  return r.track === 'interpretation' ? r.lang === choice : choice === 'floor';
}
