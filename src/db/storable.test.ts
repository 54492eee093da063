import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storable } from './storable.js';

describe('storable', () => {
  it('removes U+0000 from every string, key and nested value, and nothing else', () => {
    const date = new Date(0);
    expect(storable({ a: 'Z\u0000rich', 'k\u0000': ['x\u0000', 1, null, { d: date }] })).toEqual({
      a: 'Zrich',
      k: ['x', 1, null, { d: date }],
    });
  });

  it('replaces lone UTF-16 surrogates by U+FFFD in strings and keys, and keeps real pairs', () => {
    expect(storable({ name: 'Zürich \uD800 HB', 'k\uDC00': ['\uDBFF', 'Gen\u00e8ve 🚆 \uDFFF'] })).toEqual({
      name: 'Zürich \uFFFD HB',
      'k\uFFFD': ['\uFFFD', 'Genève 🚆 \uFFFD'],
    });
  });

  it('leaves well-formed JSON without NUL unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!JSON.stringify(value).includes('\\u0000'));
        expect(storable(value)).toEqual(value);
      }),
    );
  });

  it('always gives well-formed text, and leaves well-formed text as it was', () => {
    // Any UTF-16 code units, surrogate halves often: fast-check's own strings are well-formed.
    const codeUnits = fc
      .array(fc.oneof(fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 1, max: 0xffff })))
      .map((units) => String.fromCharCode(...units));
    fc.assert(
      fc.property(codeUnits, (raw) => {
        const stored = storable(raw);
        expect(stored.isWellFormed()).toBe(true);
        expect(stored.length).toBe(raw.length);
        if (raw.isWellFormed()) expect(stored).toBe(raw);
      }),
    );
  });

  it('hands back the very value when it is storable, and a copy (the input untouched) when not', () => {
    const fine = { legs: [{ name: 'Zürich HB', at: new Date(0) }], n: 3 };
    expect(storable(fine)).toBe(fine);
    const hostile = { legs: [{ name: 'Z\u0000rich' }], n: 3 };
    const stored = storable(hostile);
    expect(stored).not.toBe(hostile);
    expect(stored.legs[0]?.name).toBe('Zrich');
    expect(hostile.legs[0]?.name).toBe('Z\u0000rich');
  });
});
