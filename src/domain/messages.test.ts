import { describe, expect, it } from 'vitest';
import { SHARE_ERROR_CODES } from '../links/types.js';
import { ERROR_CODES, ERROR_STATUS } from './errors.js';
import { LOCALES, localeFrom, messageFor, noteMessage } from './messages.js';
import type { PlaylistNoteCode } from './playlist.js';

describe('error messages', () => {
  it('translates every code of the one list into four different sentences', () => {
    for (const code of ERROR_CODES) {
      const texts = LOCALES.map((locale) => messageFor(code, locale, 'MISSING'));
      expect(texts, code).not.toContain('MISSING');
      expect(new Set(texts).size, code).toBe(LOCALES.length);
    }
  });

  it('derives a status for every code, and every parser code is on the list', () => {
    for (const code of ERROR_CODES) expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(200);
    for (const code of SHARE_ERROR_CODES) expect(ERROR_CODES).toContain(code);
    expect(ERROR_STATUS.json_forbidden_key).toBe(400);
    expect(ERROR_STATUS.rate_limited).toBe(429);
  });

  it('keeps the stored message for a code that is not on the list (a row from an older release)', () => {
    expect(messageFor('retired_code', 'de', 'Stored sentence.')).toBe('Stored sentence.');
  });

  it('picks the best supported language from Accept-Language', () => {
    expect(localeFrom('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeFrom('es-ES,it;q=0.7,fr;q=0.9')).toBe('fr');
    expect(localeFrom('ja')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
  });
});

describe('fitting notes', () => {
  const codes: Record<PlaylistNoteCode, Record<string, string | number>> = {
    empty_pool: {},
    pool_too_small: { availableMinutes: 12.5, neededMinutes: 48 },
    too_few_short_tracks: { count: 40 },
    segment_merged: { leg: 2 },
    boundary_missed: { leg: 1, offSeconds: 4.2, toleranceSeconds: 3 },
    lead_in_merged: {},
    departure_boundary_missed: { offSeconds: 4.2, toleranceSeconds: 3 },
    artist_cap_relaxed: { cap: 2 },
    recent_tracks_reused: { count: 3 },
    explicit_filtered: { count: 5, minutes: 17.5 },
    arrival_track_unavailable: { reason: 'already_played' },
    arrival_track_too_long: {},
    invalid_tracks_ignored: { count: 1 },
    duplicate_tracks_ignored: { count: 2 },
    pool_truncated: { count: 500, left: 7 },
    already_arrived: {},
    kept_tracks_overrun: {},
    demo_catalog_used: { reason: 'spotify_reconnect_required' },
  };

  it('says every note in four languages, with its figures', () => {
    for (const [code, params] of Object.entries(codes) as Array<
      [PlaylistNoteCode, Record<string, string | number>]
    >) {
      const texts = LOCALES.map((locale) => noteMessage({ code, params, message: 'English' }, locale));
      expect(new Set(texts).size, code).toBe(LOCALES.length);
      for (const value of Object.values(params)) {
        if (typeof value === 'number' && Number.isInteger(value)) {
          for (const text of texts) expect(text, code).toContain(String(value));
        }
      }
    }
  });

  it('writes decimals the local way and keeps notes stored without figures as they were', () => {
    const note = {
      code: 'pool_too_small' as const,
      params: { availableMinutes: 12.5, neededMinutes: 48 },
      message: '',
    };
    expect(noteMessage(note, 'fr')).toContain('12,5 min');
    expect(noteMessage(note, 'en')).toContain('12.5 min');
    expect(noteMessage({ code: 'pool_too_small', message: 'Old sentence.' }, 'de')).toBe('Old sentence.');
  });
});
