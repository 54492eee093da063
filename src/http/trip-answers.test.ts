import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, createTripAnswers, matchesEtag } from './trip-answers.js';

describe('rendered trip answers', () => {
  it('answers only the version it was given, and forgets the least recently used', () => {
    const answers = createTripAnswers(2);
    const text = (key: string, version: string) => answers.get(key, version)?.body.toString('utf8');
    answers.set('a', 'v1', 'A1');
    expect(text('a', 'v1')).toBe('A1');
    expect(text('a', 'v2')).toBeUndefined();
    answers.set('b', 'v1', 'B1');
    expect(text('a', 'v1')).toBe('A1'); // a is now the most recent
    answers.set('c', 'v1', 'C1');
    expect(text('b', 'v1')).toBeUndefined();
    expect(text('a', 'v1')).toBe('A1');
    expect(text('c', 'v1')).toBe('C1');
    answers.set('a', 'v2', 'A2');
    expect(text('a', 'v1')).toBeUndefined();
    expect(text('a', 'v2')).toBe('A2');
  });

  it('gives each key and content its own weak etag, whatever version it was kept under', () => {
    const answers = createTripAnswers();
    const one = answers.set('trip-1:en', 'v1', '{"a":1}');
    expect(one.etag).toMatch(/^W\/"[\w-]{22}"$/);
    expect(answers.set('trip-1:en', 'v1', '{"a":2}').etag).not.toBe(one.etag);
    expect(answers.set('trip-1:de', 'v1', '{"a":1}').etag).not.toBe(one.etag);
    // Another instance keeps the same answer under a version of its own: a client moving between
    // instances still gets its 304.
    expect(createTripAnswers().set('trip-1:en', 'boot-2:7', '{"a":1}').etag).toBe(one.etag);
  });

  it('compresses an answer once per encoding, and the bytes decompress to the answer', () => {
    const answers = createTripAnswers();
    const json = JSON.stringify({ songs: Array.from({ length: 200 }, (_, i) => ({ title: `Song ${i}` })) });
    const answer = answers.set('k', 'v', json);
    const br = answers.encoded(answer, 'br');
    expect(br.length).toBeLessThan(answer.body.length / 3);
    expect(brotliDecompressSync(br).toString('utf8')).toBe(json);
    expect(answers.encoded(answer, 'br')).toBe(br); // kept, not compressed again
    expect(gunzipSync(answers.encoded(answer, 'gzip')).toString('utf8')).toBe(json);
    expect(answers.encoded(answer, 'identity')).toBe(answer.body);
  });
});

describe('chooseEncoding', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['*', 'br'],
    ['*;q=0, identity', 'identity'],
    ['deflate', 'identity'],
    ['BR', 'br'],
  ])('%s → %s', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe('matchesEtag', () => {
  const etag = 'W/"abc"';
  it.each([
    [undefined, false],
    ['W/"abc"', true],
    ['"abc"', true],
    ['"x", W/"abc"', true],
    ['*', true],
    ['W/"abd"', false],
  ])('If-None-Match %s → %s', (header, expected) => {
    expect(matchesEtag(header, etag)).toBe(expected);
  });
});
