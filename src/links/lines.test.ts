import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hkiLineName, modeOfCategory, parseLineName } from './lines.js';

describe('parseLineName', () => {
  it.each([
    ['IR 90 1820', { category: 'IR', line: 'IR 90', trainNumber: '1820' }],
    ['RE 3 1334', { category: 'RE', line: 'RE 3', trainNumber: '1334' }],
    ['IC 3 10104', { category: 'IC', line: 'IC 3', trainNumber: '10104' }],
    ['T 6', { category: 'T', line: 'T 6', trainNumber: null }],
    ['B 604', { category: 'B', line: 'B 604', trainNumber: null }],
    ['BAT 3600', { category: 'BAT', line: 'BAT 3600', trainNumber: null }],
    // bookingAPI sample: old links pad the line with spaces.
    ['S 7     ', { category: 'S', line: 'S 7', trainNumber: null }],
    ['PE', { category: 'PE', line: 'PE', trainNumber: null }],
    ['RE24', { category: 'RE', line: 'RE24', trainNumber: null }],
    ['  IC  1   709 ', { category: 'IC', line: 'IC 1', trainNumber: '709' }],
    ['', { category: '', line: null, trainNumber: null }],
    ['   ', { category: '', line: null, trainNumber: null }],
  ])('%j', (raw, expected) => {
    expect(parseLineName(raw)).toEqual(expected);
  });
});

describe('modeOfCategory', () => {
  it.each([
    ['BAT', 'boat'],
    ['FAE', 'boat'],
    ['B', 'bus'],
    ['NFB', 'bus'],
    ['EV', 'bus'],
    ['BUS', 'bus'],
    ['T', 'tram'],
    ['TRAM', 'tram'],
    ['PB', 'cableway'],
    ['GB', 'cableway'],
    ['LB', 'cableway'],
    ['SL', 'cableway'],
    ['IC', 'rail'],
    ['IR', 'rail'],
    ['RE', 'rail'],
    ['S', 'rail'],
    ['CC', 'rail'],
    ['PE', 'rail'],
    ['ICE', 'rail'],
    ['', 'other'],
  ])('%s → %s', (category, mode) => {
    expect(modeOfCategory(category)).toBe(mode);
  });
});

describe('hkiLineName', () => {
  it('is the inverse of parseLineName for category + line (+ number)', () => {
    const token = fc.stringMatching(/^[A-Z][A-Z0-9]{0,3}$/);
    fc.assert(
      fc.property(
        token,
        fc.option(fc.stringMatching(/^\d{1,5}$/)),
        fc.option(fc.stringMatching(/^\d{1,6}$/)),
        (cat, no, train) => {
          const line = no === null ? cat : `${cat} ${no}`;
          const trainNumber = no === null ? null : train;
          const parsed = parseLineName(hkiLineName(line, trainNumber));
          expect([parsed.line, parsed.trainNumber]).toEqual([line, trainNumber]);
        },
      ),
    );
  });

  it('writes nothing for a leg without a line', () => {
    expect(hkiLineName(null, null)).toBe('');
  });
});
