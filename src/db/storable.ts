/**
 * Postgres `text` and `jsonb` cannot hold U+0000. Values derived from a share (a station name decoded
 * from `%00` in a link, an error message quoting it) pass through here before they are written, so a
 * hostile link becomes a slightly different name instead of a failed write.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll('\u0000', '') as T;
  if (Array.isArray(value)) return value.map((v) => withoutNul(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}
