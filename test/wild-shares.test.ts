/**
 * Every share of `fixtures/wild-shares.json` (issue #15) is read as expected: the trip, the search or
 * the refusal with its code. None may come out as a different trip or search.
 */
import { describe, expect, it } from 'vitest';
import { parseShare } from '../src/links/index.js';
import { SHARE_ERROR_CODES } from '../src/links/types.js';
import { judge, loadWildShares } from './fixtures/wild-shares.js';

const { now, shares } = loadWildShares();
const CODES: ReadonlySet<string> = new Set(SHARE_ERROR_CODES);

describe('wild-shares.json', () => {
  it('holds every family of issue #15, each sample with a unique id and a source', () => {
    expect(new Set(shares.map((s) => s.id)).size).toBe(shares.length);
    const families = new Set(shares.map((s) => s.family));
    for (const family of [
      'apple_maps',
      'google_maps',
      'sbb_app_link',
      'bahn_de',
      'search_ch',
      'ojp_demo',
      'text',
    ])
      expect(families, family).toContain(family);
    // Every refusal names a code the parser can give.
    for (const s of shares)
      if ('refusal' in s.expected) expect(CODES.has(s.expected.refusal), s.id).toBe(true);
  });

  it.each(shares.map((s) => [s.id, s] as const))('%s', (_id, share) => {
    const outcome = parseShare({ title: null, text: share.text, url: null }, { now });
    const verdict = judge(outcome, share);
    expect(verdict, JSON.stringify(outcome)).toBe('refusal' in share.expected ? 'refused' : 'right');
  });

  it('judges a different trip as wrong, not as right (the judge can fail)', () => {
    const share = shares.find((s) => s.id === 'mail-en');
    if (share === undefined) throw new Error('mail-en missing');
    const outcome = parseShare(
      { title: null, text: share.text.replace('08:58', '09:01'), url: null },
      { now },
    );
    expect(judge(outcome, share)).toBe('wrong');
  });
});
