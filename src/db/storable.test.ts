import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutNul } from './storable.js';

describe('withoutNul', () => {
  it('removes U+0000 from every string, key and nested value, and nothing else', () => {
    const date = new Date(0);
    expect(withoutNul({ a: 'Z\u0000rich', 'k\u0000': ['x\u0000', 1, null, { d: date }] })).toEqual({
      a: 'Zrich',
      k: ['x', 1, null, { d: date }],
    });
  });

  it('leaves JSON without NUL unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(!JSON.stringify(value).includes('\\u0000'));
        expect(withoutNul(value)).toEqual(value);
      }),
    );
  });
});
