import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { ERROR_CODES } from '../../src/domain/errors.js';
import { loadShareFixtures } from '../fixtures.js';
import { shareText } from './share-payloads.js';

/**
 * Hostile requests for the rest of the HTTP surface (`test/api.fuzz.ts` in `npm run fuzz`, a small
 * fixed-seed sample in `test/share-fuzz.test.ts`): the share target's multipart and urlencoded forms,
 * `PUT /api/preferences` with random and mangled JSON, the `:id` actions (retry, refit, play, reads)
 * on real, random and broken ids, and raw bodies under odd content types. One check for all of them
 * (`checkAnswer`): never a 5xx, every refusal a listed code with a message, every share a valid status.
 */

type Injected = Awaited<ReturnType<FastifyInstance['inject']>>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  /** A string or bytes are sent verbatim; anything else is serialised as JSON by `inject`. */
  payload?: string | Buffer | object;
}

// --- The share target ----------------------------------------------------------------------------

const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('title', 'text', 'url') },
  { weight: 1, arbitrary: fc.constantFrom('media', 'TEXT', '', 'text[]', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'b', '-', '_', '.', 'x') }) },
);
const formField = fc.record({ name: fieldName, value: shareText });
const charset = fc.constantFrom(
  '',
  '; charset=utf-8',
  '; charset=utf-16le',
  '; charset=latin1',
  '; charset=bogus',
);

/** A multipart body written by hand, so boundaries, charsets and files can be wrong. */
const multipart: fc.Arbitrary<ApiRequest> = fc
  .record({
    fields: fc.array(fc.record({ field: formField, charset }), { maxLength: 5 }),
    file: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
    boundary: fc.constantFrom('railtapeFuzzBoundary', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW'),
    declared: fc.constantFrom('same', 'other', 'none', 'quoted'),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ fields, file, boundary, declared, cut }) => {
    const parts: Buffer[] = fields.map(({ field, charset: cs }) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field.name}"\r\n` +
          `${cs ? `Content-Type: text/plain${cs}\r\n` : ''}\r\n${field.value}\r\n`,
      ),
    );
    if (file) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="trip.png"\r\n` +
            'Content-Type: image/png\r\n\r\n',
        ),
        Buffer.from(file),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    let body = Buffer.concat(parts);
    if (cut !== undefined) body = body.subarray(0, cut % (body.length + 1));
    const type =
      declared === 'same'
        ? `multipart/form-data; boundary=${boundary}`
        : declared === 'quoted'
          ? `multipart/form-data; boundary="${boundary}"`
          : declared === 'other'
            ? 'multipart/form-data; boundary=notTheBoundary'
            : 'multipart/form-data';
    return { method: 'POST', url: '/share', headers: { 'content-type': type }, payload: body };
  });

const urlencoded: fc.Arbitrary<ApiRequest> = fc
  .tuple(fc.array(formField, { maxLength: 4 }), fc.boolean())
  .map(([fields, encoded]) => ({
    method: 'POST',
    url: '/share',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: encoded
      ? new URLSearchParams(fields.map((f) => [f.name, f.value])).toString()
      : // Unencoded: `%`, `&` and `=` inside the text are the parser's to untangle.
        fields.map((f) => `${f.name}=${f.value}`).join('&'),
  }));

export const shareTargetRequest: fc.Arbitrary<ApiRequest> = fc.oneof(multipart, urlencoded);

// --- Preferences ---------------------------------------------------------------------------------

const anyValue = fc.jsonValue({ maxDepth: 2 });
const prefValue = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: anyValue });
const playlistId = fc.oneof(fc.stringMatching(/^[0-9A-Za-z]{22}$/), fc.string({ maxLength: 24 }));
const preferencesObject = fc.record(
  {
    maxTracksPerArtistPerHour: prefValue(fc.integer({ min: -2, max: 32 })),
    allowExplicit: prefValue(fc.boolean()),
    // Never `spotify`: this app has no Spotify, and a source it cannot reach would only make every
    // later share in the run a demo-catalog fallback. `local` and junk are enough to probe the schema.
    musicSource: prefValue(fc.constantFrom('demo', 'local', 'Demo', '')),
    reminderMinutesBefore: prefValue(fc.integer({ min: -5, max: 250 })),
    crossfadeSeconds: prefValue(fc.integer({ min: -2, max: 14 })),
    leadInMinutes: prefValue(fc.integer({ min: -2, max: 32 })),
    spotify: prefValue(
      fc.record(
        {
          topTracks: prefValue(fc.boolean()),
          savedTracks: prefValue(fc.boolean()),
          playlistIds: prefValue(fc.array(playlistId, { maxLength: 22 })),
          genres: prefValue(fc.array(fc.string({ maxLength: 42 }), { maxLength: 11 })),
        },
        { requiredKeys: [] },
      ),
    ),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

/** Text with an edit that usually breaks it. */
const mangle = (text: fc.Arbitrary<string>) =>
  fc
    .tuple(
      text,
      fc.nat(),
      fc.constantFrom('', '{', '}', '"', ',', ':', '\\u', '\u0000', '"__proto__":1,', '\ud800'),
    )
    .map(([t, at, insert]) => {
      const i = at % (t.length + 1);
      return insert === '' ? t.slice(0, i) : `${t.slice(0, i)}${insert}${t.slice(i)}`;
    });

export const preferencesRequest: fc.Arbitrary<ApiRequest> = fc
  .oneof(
    { weight: 3, arbitrary: preferencesObject.map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: anyValue.map((body) => JSON.stringify(body)) },
    { weight: 2, arbitrary: mangle(preferencesObject.map((body) => JSON.stringify(body))) },
  )
  .map((payload) => ({
    method: 'PUT',
    url: '/api/preferences',
    headers: { 'content-type': 'application/json' },
    payload,
  }));

// --- The `:id` actions ---------------------------------------------------------------------------

export interface KnownIds {
  shares: string[];
  trips: string[];
}

/** Stores every fixture share once (through the API) and returns the ids it produced. */
export async function storeFixtureShares(app: FastifyInstance): Promise<KnownIds> {
  const ids: KnownIds = { shares: [], trips: [] };
  for (const fixture of loadShareFixtures()) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/shares',
      payload: { text: fixture.text ?? null, url: fixture.url ?? null },
    });
    if (res.statusCode >= 300) continue;
    const json = res.json();
    ids.shares.push(json.share.id);
    if (json.trip) ids.trips.push(json.trip.id);
  }
  return ids;
}

const ACTIONS: ReadonlyArray<{ method: Method; path: (id: string) => string; of: 'shares' | 'trips' }> = [
  { method: 'POST', path: (id) => `/api/shares/${id}/retry`, of: 'shares' },
  { method: 'GET', path: (id) => `/api/shares/${id}`, of: 'shares' },
  { method: 'POST', path: (id) => `/api/trips/${id}/refit`, of: 'trips' },
  { method: 'POST', path: (id) => `/api/trips/${id}/play`, of: 'trips' },
  { method: 'GET', path: (id) => `/api/trips/${id}`, of: 'trips' },
  { method: 'GET', path: (id) => `/api/trips/${id}/playlist.m3u8`, of: 'trips' },
];

const flipChar = (id: string, at: number, to: string) => {
  const i = at % id.length;
  return `${id.slice(0, i)}${to}${id.slice(i + 1)}`;
};

export function idActionRequest(known: KnownIds): fc.Arbitrary<ApiRequest> {
  const real = (of: 'shares' | 'trips') => {
    const pool = known[of].length > 0 ? known[of] : [randomUUID()];
    return fc.constantFrom(...pool);
  };
  return fc
    .record({
      action: fc.constantFrom(...ACTIONS),
      pick: fc.constantFrom('real', 'real', 'other', 'uuid', 'mutated', 'junk'),
      at: fc.nat(),
      to: fc.constantFrom('0', 'g', 'F', '-', '%', '%00', '/', '..', ''),
      junk: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('%2e%2e', '%ZZ', 'null', '0', '🚆')),
      body: fc.constantFrom(undefined, '', '{}', 'null', '[]', '{"__proto__":{}}', '{"x":'),
      real: fc.tuple(real('shares'), real('trips')),
    })
    .map(({ action, pick, at, to, junk, body, real: [shareId, tripId] }) => {
      const own = action.of === 'shares' ? shareId : tripId;
      const id =
        pick === 'real'
          ? own
          : pick === 'other'
            ? action.of === 'shares'
              ? tripId
              : shareId // the right shape, the wrong kind
            : pick === 'uuid'
              ? randomUUID()
              : pick === 'mutated'
                ? flipChar(own, at, to)
                : encodeURIComponent(junk);
      const withBody = action.method === 'POST' && body !== undefined;
      return {
        method: action.method,
        url: action.path(id),
        ...(withBody ? { headers: { 'content-type': 'application/json' }, payload: body } : {}),
      };
    });
}

// --- Raw bodies under odd content types ----------------------------------------------------------

const mediaType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-16',
    'application/json;charset=latin1',
    'APPLICATION/JSON',
    'application/json, text/plain',
    'application/vnd.api+json',
    'application/ld+json',
    'text/json',
    'text/plain',
    'text/plain; charset=utf-8',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/mixed; boundary=x',
    'application/octet-stream',
    'image/png',
    '*/*',
    ';',
    'json',
    '',
  ),
  // Any printable type/subtype with a parameter.
  fc
    .tuple(
      fc.string({
        minLength: 1,
        maxLength: 8,
        unit: fc.constantFrom('a', 'j', 's', 'o', 'n', '+', '.', '-', '*'),
      }),
      fc.string({ maxLength: 8, unit: fc.constantFrom('a', 'j', 's', 'o', 'n', '+', '.', '-') }),
      fc.string({ maxLength: 12, unit: fc.constantFrom('c', 'h', '=', ';', '"', ' ', 'x', '8') }),
    )
    .map(([type, sub, param]) => `${type}/${sub}${param}`),
);

const rawPayload = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  mangle(shareText.map((t) => JSON.stringify({ text: t }))),
  fc.constantFrom('', ' ', '\u0000', '\ufeff{}', '{"text":"x"}', 'text=x&url=y', '<share/>'),
);

// Never `DELETE /api/me`: the fuzz would delete the one local user under its own feet.
const RAW_TARGETS: ReadonlyArray<{ method: Method; url: string }> = [
  { method: 'POST', url: '/api/shares' },
  { method: 'PUT', url: '/api/preferences' },
  { method: 'POST', url: '/share' },
  { method: 'PATCH', url: '/api/shares' },
  { method: 'DELETE', url: '/api/preferences' },
  { method: 'POST', url: '/api/nowhere' },
  { method: 'POST', url: '/api/trips' },
  { method: 'PUT', url: '/share' },
];

export const rawBodyRequest: fc.Arbitrary<ApiRequest> = fc
  .record({ target: fc.constantFrom(...RAW_TARGETS), type: mediaType, payload: rawPayload })
  .map(
    ({ target, type, payload }): ApiRequest => ({
      ...target,
      headers: type === '' ? {} : { 'content-type': type },
      payload,
    }),
  );

// --- All of it, and the one check ----------------------------------------------------------------

export function apiRequest(known: KnownIds): fc.Arbitrary<ApiRequest> {
  return fc.oneof(shareTargetRequest, preferencesRequest, idActionRequest(known), rawBodyRequest);
}

/** fast-check `examples`: cases every run starts with, whatever the seed. */
export const apiRequestExamples: Array<[ApiRequest]> = [
  [
    {
      method: 'PUT',
      url: '/api/preferences',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__":{}}',
    },
  ],
  [{ method: 'POST', url: '/share', headers: { 'content-type': 'multipart/form-data' }, payload: '--x\r\n' }],
  [
    {
      method: 'POST',
      url: '/api/shares',
      headers: { 'content-type': 'text/plain' },
      payload: '{"text":"x"}',
    },
  ],
  [{ method: 'POST', url: '/api/trips/not-an-id/refit' }],
];

const codes: ReadonlySet<string> = new Set(ERROR_CODES);
const SHARE_STATUSES = ['parsed', 'needs_resolution', 'failed'];

/**
 * Sends one request and checks the answer, returned as a label for tallies: never a 5xx; a refusal
 * carries a listed code and a message; the share target redirects to the stored share; a share in a
 * 2xx body has a valid status (and, when failed, a listed code).
 */
export async function sendAndCheck(app: FastifyInstance, request: ApiRequest): Promise<string> {
  const res: Injected = await app.inject({
    method: request.method,
    url: request.url,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.payload !== undefined ? { payload: request.payload } : {}),
  });
  const where = `${request.method} ${request.url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const json = res.json();
    expect(codes.has(json.error?.code), `unlisted code: ${where}`).toBe(true);
    expect(typeof json.error.message === 'string' && json.error.message.length > 0, where).toBe(true);
    return `${request.method} ${route(request.url)} ${res.statusCode} ${json.error.code}`;
  }
  if (res.statusCode === 303) {
    expect(res.headers.location, where).toMatch(/^\/\?share=[0-9a-f-]{36}$/);
    return `${request.method} ${route(request.url)} 303`;
  }
  if (res.headers['content-type']?.toString().startsWith('application/json')) {
    const json = res.json();
    if (json && typeof json === 'object' && 'share' in json) {
      expect(SHARE_STATUSES, where).toContain(json.share.status);
      if (json.share.status === 'failed') expect(codes.has(json.share.error?.code), where).toBe(true);
      return `${request.method} ${route(request.url)} ${res.statusCode} share ${json.share.status}`;
    }
  }
  return `${request.method} ${route(request.url)} ${res.statusCode}`;
}

/** The route a URL reached, ids folded, for tallies. */
const route = (url: string) => url.split('?')[0]!.replace(/^\/api\/(shares|trips)\/[^/]+/, '/api/$1/:id');

/** Counts labels and prints the most common ones, for the run's summary. */
export function createTally(): { add(label: string): void; print(title: string): void } {
  const counts = new Map<string, number>();
  return {
    add: (label) => counts.set(label, (counts.get(label) ?? 0) + 1),
    print: (title) => {
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const lines = [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .map(([label, n]) => `  ${String(n).padStart(7)}  ${label}`);
      console.log(`${title}: ${total} requests\n${lines.join('\n')}`);
    },
  };
}
