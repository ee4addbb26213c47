/**
 * Armenian emphasis, exclamation and question marks sit on a vowel inside the word (Ե՞րբ), like an
 * apostrophe in English: they are dropped, not treated as word breaks.
 */
const inWordMarks = /[\u055B\u055C\u055E\u055F'\u2019]/g;

/** Words of a text for comparison: lower-case letters and digits of any script, punctuation dropped. */
export function tokens(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(inWordMarks, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .split(' ')
      .filter(Boolean),
  );
}

/** Jaccard similarity of two token sets: shared words over all words. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export const nearDuplicateThreshold = 0.8;

/** The first of `candidates` whose text nearly repeats `text` (same words, in any order, give or take a few). */
export function findNearDuplicate<T extends { text: string }>(text: string, candidates: readonly T[], threshold = nearDuplicateThreshold): T | undefined {
  const mine = tokens(text);
  return candidates.find((c) => jaccard(mine, tokens(c.text)) >= threshold);
}
