import { MediaError } from './errors.js';
import { trackKey, type ProducerInfo, type TrackClaim } from './room-types.js';

/** A producer's track from its claim: an interpreter's language or sign language; none is the floor. */
export function trackOf(claim: TrackClaim | undefined): Pick<ProducerInfo, 'track' | 'lang'> {
  if (!claim) return { track: 'floor' };
  return claim.track === 'interpretation' ? { track: 'interpretation', lang: claim.lang } : { track: 'sign' };
}

/**
 * The interpretation languages and sign language on air, or being produced, in one room: one interpreter each.
 * A claim is taken before the producer is made (before any await), so two interpreters asking at once cannot
 * both get the same language.
 */
export class TrackClaims {
  readonly #held = new Set<string>();

  /** Takes the claim's place (the floor takes none) and returns its release, which may be called more than once. */
  take(claim: TrackClaim | undefined): () => void {
    if (!claim) return () => undefined;
    const key = trackKey(trackOf(claim));
    if (this.#held.has(key)) {
      throw new MediaError(
        'conflict',
        claim.track === 'sign' ? 'A sign-language interpreter is already on air in this session.' : `An interpreter is already on air in "${claim.lang}" in this session; there is one per language.`,
      );
    }
    this.#held.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held.delete(key);
    };
  }
}
