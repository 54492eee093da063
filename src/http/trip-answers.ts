/**
 * The trip read's answers, kept rendered: a trip screen is read far more often than it changes, and
 * most of a read's cost is the trip's and the playlist's JSON coming out of Postgres, parsed, checked
 * against the schema and written again (16 kB for a five-hour trip). Each read still asks Postgres for
 * the trip's version (`TripStore.versionOf`: timestamps and sync state, no JSON), so every instance
 * answers what the database holds now; only an unchanged answer comes from memory.
 */
export interface TripAnswers {
  get(key: string, version: string): string | undefined;
  set(key: string, version: string, body: string): void;
}

/** A least-recently-used map of at most `max` answers (500 × ~16 kB ≈ 8 MB). */
export function createTripAnswers(max = 500): TripAnswers {
  const entries = new Map<string, { version: string; body: string }>();
  return {
    get(key, version) {
      const hit = entries.get(key);
      if (!hit || hit.version !== version) return undefined;
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      entries.delete(key);
      entries.set(key, hit);
      return hit.body;
    },
    set(key, version, body) {
      entries.delete(key);
      entries.set(key, { version, body });
      if (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
    },
  };
}
