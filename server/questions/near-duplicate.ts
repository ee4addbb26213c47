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

/**
 * Token sets of recently compared texts: each new question is compared with the session's newest ones, so the
 * same few dozen texts are tokenized again and again otherwise. Bounded; starts over when full.
 */
const tokenCache = new Map<string, Set<string>>();
const tokenCacheSize = 5000;
function cachedTokens(text: string): Set<string> {
  let t = tokenCache.get(text);
  if (!t) {
    if (tokenCache.size >= tokenCacheSize) tokenCache.clear();
    tokenCache.set(text, (t = tokens(text)));
  }
  return t;
}

/** The first of `candidates` whose text nearly repeats `text` (same words, in any order, give or take a few). */
export function findNearDuplicate<T extends { text: string }>(text: string, candidates: readonly T[], threshold = nearDuplicateThreshold): T | undefined {
  const mine = cachedTokens(text);
  return candidates.find((c) => jaccard(mine, cachedTokens(c.text)) >= threshold);
}
