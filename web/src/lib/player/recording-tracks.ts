import type { SessionTracks } from '@server/civic/sessions.contract';
import { interpretationLanguages, type AudioChoiceValue } from '../live/audio-choice';

// The interpreters' tracks a recording kept (SessionDetail `tracks`): its interpretations, which the master
// playlist lists as AUDIO renditions, and the sign-language picture's own playlist.

type Language = { lang: AudioChoiceValue; name: string };

/** The recording's interpretation languages the player offers (the product's), in the product's order. */
export function recordingLanguages(tracks: SessionTracks | null | undefined): Language[] {
  return interpretationLanguages.flatMap((l) => {
    const kept = tracks?.interpretations.find((t) => t.lang === l.lang);
    return kept ? [{ lang: l.lang, name: kept.name }] : [];
  });
}

/** What the recording plays of the resident's choice: a language it did not keep is the floor. */
export function heardInRecording(choice: AudioChoiceValue, languages: readonly Language[]): AudioChoiceValue {
  return languages.some((l) => l.lang === choice) ? choice : 'floor';
}
