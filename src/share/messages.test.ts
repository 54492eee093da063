import { describe, expect, it } from 'vitest';
import { SHARE_ERROR_CODES } from '../links/types.js';
import { LOCALES, localeFrom, messageFor } from './messages.js';

describe('share messages', () => {
  it('translates every parser error code into all four languages', () => {
    for (const code of SHARE_ERROR_CODES) {
      const texts = LOCALES.map((locale) => messageFor(code, locale, 'MISSING'));
      expect(texts, code).not.toContain('MISSING');
      expect(new Set(texts).size, code).toBe(LOCALES.length);
    }
  });

  it('picks the best supported language from Accept-Language', () => {
    expect(localeFrom('de-CH,de;q=0.9,en;q=0.8')).toBe('de');
    expect(localeFrom('es-ES,it;q=0.7,fr;q=0.9')).toBe('fr');
    expect(localeFrom('ja')).toBe('en');
    expect(localeFrom(undefined)).toBe('en');
  });
});
