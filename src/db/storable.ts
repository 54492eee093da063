/**
 * What Postgres `text` and `jsonb` can hold, the same on both drivers. Values derived from a share (a
 * station name decoded from a link, an error message quoting it) pass through here before they are
 * written, so a hostile link becomes a slightly different name instead of a failed or corrupted write:
 * - U+0000 is removed (Postgres refuses it);
 * - a lone UTF-16 surrogate becomes U+FFFD (`toWellFormed`). UTF-8 cannot encode one: in a text
 *   column the drivers swap it for U+FFFD themselves, in jsonb the insert fails on both (22P02,
 *   "Unicode low surrogate must follow a high surrogate"), and PGlite was seen cutting such text short.
 */
export function storable<T>(value: T): T {
  // Nearly every value is storable as it is: checked without allocating, copied only when not.
  return isStorable(value) ? value : storableCopy(value);
}

const isStorableText = (s: string) => !s.includes('\u0000') && s.isWellFormed();

function isStorable(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) {
    for (const v of value) if (!isStorable(v)) return false;
    return true;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (!isStorableText(key) || !isStorable((value as Record<string, unknown>)[key])) return false;
    }
  }
  return true;
}

function storableCopy<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '').toWellFormed() as T;
  if (Array.isArray(value)) return value.map((v) => storableCopy(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableCopy(k), storableCopy(v)])) as T;
  }
  return value;
}
