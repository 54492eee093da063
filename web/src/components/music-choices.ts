/**
 * The Music settings' pure rules: what the traveller pastes as "own playlists" becomes Spotify
 * playlist ids the way the server validates them (`preferencesBody` in src/http/schemas.ts: 22
 * base-62 characters, at most 20), and genres follow the same limits (trimmed, 1–40 characters, at
 * most 10). Checked here first so a mistake is named before anything is sent.
 */

export const MAX_PLAYLISTS = 20;
export const MAX_GENRES = 10;
export const MAX_GENRE_LENGTH = 40;
const PLAYLIST_ID = /^[0-9A-Za-z]{22}$/;

/**
 * A Spotify playlist id from what a traveller pastes, or null: the bare id, a `spotify:playlist:<id>`
 * (or the old `spotify:user:<name>:playlist:<id>`) URI, or an open.spotify.com link as the app's
 * "Copy link" gives it (`?si=…` tracking, `/intl-de/` and `/embed/` prefixes, old `/user/<name>/` paths).
 * `spotify.link/…` short links hide the id and need Spotify to resolve them, so they are refused.
 */
export function playlistIdOf(pasted: string): string | null {
  const text = pasted.trim();
  if (PLAYLIST_ID.test(text)) return text;
  const uri = /^spotify:(?:user:[^:\s]+:)?playlist:([0-9A-Za-z]{22})$/.exec(text);
  if (uri) return uri[1] ?? null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  if (url.hostname !== 'open.spotify.com' && url.hostname !== 'play.spotify.com') return null;
  const path =
    /^(?:\/intl-[a-z]{2}(?:-[a-z]{2})?)?(?:\/embed)?(?:\/user\/[^/]+)?\/playlist\/([0-9A-Za-z]{22})\/?$/i.exec(
      url.pathname,
    );
  return path?.[1] ?? null;
}

/** Every id in a pasted list (lines, spaces or commas between), each once, and what is not one. */
export function parsePlaylists(pasted: string): { ids: string[]; invalid: string[] } {
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const item of pasted.split(/[\s,]+/)) {
    if (item === '') continue;
    const id = playlistIdOf(item);
    if (id === null) invalid.push(item);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, invalid };
}

/**
 * The genre list with one more added: trimmed, inner spaces collapsed, and not added twice (case
 * does not make a new genre). `error`: why it cannot be added.
 */
export function addGenre(
  genres: readonly string[],
  typed: string,
): { genres: string[]; error?: 'empty' | 'tooLong' | 'tooMany' } {
  const genre = typed.trim().replace(/\s+/g, ' ');
  if (genre === '') return { genres: [...genres], error: 'empty' };
  if (genre.length > MAX_GENRE_LENGTH) return { genres: [...genres], error: 'tooLong' };
  if (genres.some((g) => g.toLowerCase() === genre.toLowerCase())) return { genres: [...genres] };
  if (genres.length >= MAX_GENRES) return { genres: [...genres], error: 'tooMany' };
  return { genres: [...genres, genre] };
}

/** The options of a select: the offered values, plus the saved one when it is not among them. */
export function optionsWith(values: readonly number[], current: number): number[] {
  return values.includes(current) ? [...values] : [...values, current].sort((a, b) => a - b);
}
