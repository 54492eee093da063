import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { loadShareFixtures } from '../fixtures.js';

/**
 * Hostile `POST /api/shares` bodies for the share pipeline fuzz (`test/share-fuzz.test.ts`, a small
 * fixed-seed sample in `npm test`, and `test/share.fuzz.ts`, the long run of `npm run fuzz`): mutated
 * real links, random text, random JSON, and raw JSON text that hides `__proto__` or
 * `constructor.prototype` keys (also behind `\u` escapes) anywhere in the tree.
 */

/** The body that once slipped through: a prototype key one level down. */
export const PROTOTYPE_KEY_BODY = '{"":{"__proto__":null}}';

export type SharePost =
  /** Sent as an object; `inject` serialises it. */
  | { kind: 'object'; body: unknown }
  /** Sent verbatim as `application/json`. `forbidden`: valid JSON naming a reserved key. */
  | { kind: 'raw'; text: string; forbidden: boolean }
  /** Raw JSON text with an edit that usually breaks it: only a coded 4xx or a share is expected. */
  | { kind: 'mangled'; text: string };

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

/** Share text: real links, mutated and poisoned ones, random text (also for `api-payloads.ts`). */
export const shareText = fc.oneof(
  fc.constantFrom(...realLinks),
  mutatedLink,
  controlInLink,
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
);
const text = shareText;
const field = fc.oneof(text, fc.constant(null), fc.constant(''));

const objectBody = fc.oneof(
  fc.record({ title: field, text: field, url: field }),
  fc.record({ text: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())) }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })),
);

// --- Raw JSON text, built by hand so that reserved keys really reach the parser -----------------

interface RawJson {
  text: string;
  /** After `JSON.parse` (last duplicate key wins) some key is `__proto__` or `constructor.prototype`. */
  forbidden: boolean;
  /** An object with an own `prototype` key: forbidden as the value of a `constructor` key. */
  holdsPrototype: boolean;
}

const RESERVED = ['__proto__', 'constructor', 'prototype'] as const;
const key = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...RESERVED, '', 'toString', 'hasOwnProperty', 'text', 'title', 'url'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
/** `"__proto__"` or, as JSON allows, `"\u005f\u005fproto..."`: the same key once parsed. */
const encodeKey = (k: string, escaped: boolean) =>
  escaped
    ? `"${k
        .split('')
        .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
        .join('')}"`
    : JSON.stringify(k);
const entry = (value: fc.Arbitrary<RawJson>) =>
  fc.record({
    key,
    escaped: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    value,
    space: fc.constantFrom('', ' ', '\n', '\t '),
  });

function objectOf(entries: Array<{ key: string; escaped: boolean; value: RawJson; space: string }>): RawJson {
  const last = new Map(entries.map((e) => [e.key, e.value]));
  const forbidden = [...last].some(
    ([k, v]) => k === '__proto__' || (k === 'constructor' && v.holdsPrototype) || v.forbidden,
  );
  const body = entries.map((e) => `${e.space}${encodeKey(e.key, e.escaped)}${e.space}:${e.value.text}`);
  return { text: `{${body.join(',')}}`, forbidden, holdsPrototype: last.has('prototype') };
}

const leaf: fc.Arbitrary<RawJson> = fc
  .oneof(
    fc.constantFrom('null', 'true', 'false', '0', '-1', '1e308', '{}', '[]'),
    fc.integer().map(String),
    text.map((s) => JSON.stringify(s)),
  )
  .map((t) => ({ text: t, forbidden: false, holdsPrototype: false }));

const { value: rawValue } = fc.letrec<{ value: RawJson; object: RawJson; array: RawJson }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc.array(entry(tie('value')), { maxLength: 4 }).map(objectOf),
  array: fc.array(tie('value'), { maxLength: 3 }).map((items) => ({
    text: `[${items.map((i) => i.text).join(',')}]`,
    forbidden: items.some((i) => i.forbidden),
    holdsPrototype: false,
  })),
}));

const asLeaf = (v: unknown): RawJson => ({
  text: JSON.stringify(v),
  forbidden: false,
  holdsPrototype: false,
});
const namedField = (name: string) => entry(field.map(asLeaf)).map((e) => ({ ...e, key: name }));

/** A share-shaped object (title/text/url, real links) with extra random entries, reserved keys among them. */
const rawShare: fc.Arbitrary<RawJson> = fc
  .tuple(
    fc.shuffledSubarray(['title', 'text', 'url']).chain((names) => fc.tuple(...names.map(namedField))),
    fc.array(entry(rawValue), { maxLength: 3 }),
  )
  .chain(([named, extra]) => {
    const all = [...named, ...extra];
    return fc.shuffledSubarray(all, { minLength: all.length });
  })
  .map(objectOf);

/** Reserved keys beside a real link: the share would store, the key must still refuse it. */
const poisonedShare: fc.Arbitrary<RawJson> = fc
  .tuple(
    fc.constantFrom(...realLinks),
    fc.constantFrom(
      '"__proto__":{"isAdmin":true}',
      '"__proto__":null',
      '"\\u005f_proto__":{}',
      '"constructor":{"prototype":{"isAdmin":true}}',
      '"title":{"":{"__proto__":null}}',
      '"url":[{"constructor":{"prototype":null}}]',
    ),
    fc.boolean(),
  )
  .map(([link, poison, first]) => {
    const share = `"text":${JSON.stringify(link)}`;
    return {
      text: `{${first ? `${poison},${share}` : `${share},${poison}`}}`,
      forbidden: true,
      holdsPrototype: false,
    };
  });

const raw: fc.Arbitrary<SharePost> = fc
  .oneof(
    fc.constant({ text: PROTOTYPE_KEY_BODY, forbidden: true, holdsPrototype: false }),
    poisonedShare,
    rawShare,
    rawValue,
  )
  .map(({ text: t, forbidden }) => ({ kind: 'raw', text: t, forbidden }));

const mangled: fc.Arbitrary<SharePost> = fc
  .tuple(
    fc.oneof(rawShare, poisonedShare, rawValue),
    fc.nat(),
    fc.oneof(
      fc.constant(''),
      fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', '\\u', '\u0000', 'null'),
    ),
  )
  .map(([{ text: t }, at, insert]) => {
    const i = at % (t.length + 1);
    // An empty insert truncates; anything else is spliced in.
    return {
      kind: 'mangled',
      text: insert === '' ? t.slice(0, i) : `${t.slice(0, i)}${insert}${t.slice(i)}`,
    };
  });

export const sharePost: fc.Arbitrary<SharePost> = fc.oneof(
  { weight: 3, arbitrary: objectBody.map((body): SharePost => ({ kind: 'object', body })) },
  { weight: 3, arbitrary: raw },
  { weight: 1, arbitrary: mangled },
);

/** fast-check `examples`: cases every run starts with, whatever the seed. */
export const sharePostExamples: Array<[SharePost]> = [
  [{ kind: 'raw', text: PROTOTYPE_KEY_BODY, forbidden: true }],
  [{ kind: 'raw', text: '{"text":"x","__proto__":{"isAdmin":true}}', forbidden: true }],
  [{ kind: 'raw', text: '{"constructor":{"prototype":{}}}', forbidden: true }],
];

// --- The property --------------------------------------------------------------------------------

const codes: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Posts one body and checks the answer (returned as a label for tallies): a stored share (200/201) or a 400 whose code is in the one
 * list of codes, never a 500; a failed share carries a listed code too; a reserved key is refused
 * as `json_forbidden_key`.
 */
export async function postShareAndCheck(app: FastifyInstance, post: SharePost): Promise<string> {
  const res =
    post.kind === 'object'
      ? await app.inject({ method: 'POST', url: '/api/shares', payload: post.body as object })
      : await app.inject({
          method: 'POST',
          url: '/api/shares',
          headers: { 'content-type': 'application/json' },
          payload: post.text,
        });
  expect([200, 201, 400], res.body).toContain(res.statusCode);
  const json = res.json();
  if (post.kind === 'raw' && post.forbidden) {
    expect(res.statusCode, res.body).toBe(400);
    expect(json.error.code).toBe('json_forbidden_key');
  }
  if (res.statusCode === 400) {
    expect(codes.has(json.error.code), `unlisted code ${json.error.code}`).toBe(true);
    expect(json.error.message.length).toBeGreaterThan(0);
    return `rejected ${json.error.code}`;
  }
  expect(['parsed', 'needs_resolution', 'failed']).toContain(json.share.status);
  if (json.share.status === 'failed')
    expect(codes.has(json.share.error.code), `unlisted code ${json.share.error.code}`).toBe(true);
  if (json.share.status === 'parsed') expect(json.trip.legs.length).toBeGreaterThan(0);
  return `share ${json.share.status}`;
}
