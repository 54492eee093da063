import { describe, expect, it } from 'vitest';
import { clock, duration, seconds } from './format.js';
import { setLang } from './i18n/index.js';

describe('one duration format', () => {
  it('shows seconds only under a minute, then minutes, then hours with two-digit minutes', () => {
    expect(duration(45)).toBe('45 s');
    expect(duration(59.6)).toBe('1 min');
    expect(duration(196)).toBe('3 min');
    expect(duration(26 * 60)).toBe('26 min');
    expect(duration(3600 + 5 * 60 + 20)).toBe('1 h 05 min');
    expect(duration(4 * 3600 + 48 * 60)).toBe('4 h 48 min');
    expect(duration(-3)).toBe('0 s');
  });
});

describe('times and deviations in the traveller’s locale', () => {
  it('gives Zurich wall-clock times, summer and winter', () => {
    setLang('de');
    expect(clock('2026-12-03T12:56:00Z')).toBe('13:56');
    expect(clock('2026-07-03T12:56:00Z')).toBe('14:56');
  });

  it('signs deviations with a true minus and the locale’s decimal mark', () => {
    setLang('fr');
    expect(seconds(-0.042)).toBe('−0,042 s');
    setLang('en');
    expect(seconds(1.84)).toBe('+1.8 s');
    expect(seconds(-1.84)).toBe('−1.8 s');
  });
});
