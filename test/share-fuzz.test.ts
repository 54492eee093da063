import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownMessageCodes } from '../src/share/messages.js';
import { loadShareFixtures } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * The whole share pipeline over HTTP under hostile input: mutated real links and random text.
 * Never a 500, never a crash; every rejection and every failed share carries a known code.
 */

const realLinks = loadShareFixtures()
  .flatMap((f) => [f.text, f.url, f.resolvesTo])
  .filter((s): s is string => typeof s === 'string' && s.length > 0);

const mutatedLink = fc
  .tuple(
    fc.constantFrom(...realLinks),
    fc.array(
      fc.record({
        op: fc.constantFrom('truncate', 'flip', 'insert', 'duplicate', 'delete'),
        at: fc.nat(),
        text: fc.string({ maxLength: 8, unit: 'grapheme' }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([link, edits]) =>
    edits.reduce((s, e) => {
      const i = s.length === 0 ? 0 : e.at % s.length;
      switch (e.op) {
        case 'truncate':
          return s.slice(0, i);
        case 'flip':
          return `${s.slice(0, i)}${String.fromCharCode((s.charCodeAt(i) + 1) % 0xffff)}${s.slice(i + 1)}`;
        case 'insert':
          return `${s.slice(0, i)}${e.text}${s.slice(i)}`;
        case 'duplicate':
          return `${s.slice(0, i)}${s.slice(i)}${s.slice(i)}`.slice(0, 20_000);
        default:
          return `${s.slice(0, i)}${s.slice(i + 1 + (e.at % 5))}`;
      }
    }, link),
  );

// Links whose decoded parts carry control characters (a `%00` in a station name) must still store.
const controlInLink = fc
  .tuple(fc.constantFrom(...realLinks), fc.constantFrom('%00', '%01', '%0A', '\u0000', '%EF%BF%BF'), fc.nat())
  .map(([link, junk, at]) => `${link.slice(0, at % link.length)}${junk}${link.slice(at % link.length)}`);

const field = fc.oneof(
  mutatedLink,
  controlInLink,
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
  fc.constant(null),
  fc.constant(''),
);
const payload = fc.oneof(
  fc.record({ title: field, text: field, url: field }),
  fc.record({ text: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())) }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
);

const target = testDatabases[0]!;

describe(`share pipeline fuzz on ${target.name}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    // The per-client rate limit would answer 429 long before the property runs out.
    t = await startTestApp(target, { rateLimitMax: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every payload with a stored share or a coded 4xx, never a 500', async () => {
    const codes = new Set([...knownMessageCodes(), 'invalid_request', 'empty_share']);
    await fc.assert(
      fc.asyncProperty(payload, async (body) => {
        const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload: body });
        expect([200, 201, 400]).toContain(res.statusCode);
        const json = res.json();
        if (res.statusCode === 400) {
          expect(codes.has(json.error.code)).toBe(true);
          expect(json.error.message.length).toBeGreaterThan(0);
          return;
        }
        expect(['parsed', 'needs_resolution', 'failed']).toContain(json.share.status);
        if (json.share.status === 'failed') expect(codes.has(json.share.error.code)).toBe(true);
        if (json.share.status === 'parsed') expect(json.trip.legs.length).toBeGreaterThan(0);
      }),
      { numRuns: 250 },
    );
  }, 120_000);
});
