/** Building blocks of the vocabulary patterns (trip-links.md §5), shared so every word is bounded alike. */

/** `\b` knows only ASCII letters; stop names and words are in four languages. */
export const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
export const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest first: an alternation takes the first word that fits, so `dép.` must come before `dép`. */
export const alternation = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
