import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush, { type ContentEncoding } from 'web-push';
import { type FakeSubscription, type PushDelivery, startPushServiceFake } from './push-service.js';

type Fake = Awaited<ReturnType<typeof startPushServiceFake>>;
type Details = ReturnType<typeof webpush.generateRequestDetails>;

const SUBJECT = 'mailto:ops@railtape.example';
const reminder = { title: 'Train soon', body: 'IC 8 to Brig leaves in 15 min', tripId: 'trip-42' };

// Generated once: VAPID keys are long-lived config in the app, and key generation is the slow part.
const keys = webpush.generateVAPIDKeys();
const otherKeys = webpush.generateVAPIDKeys();

function details(
  subscription: FakeSubscription,
  payload: unknown = reminder,
  overrides: { vapid?: { publicKey: string; privateKey: string }; contentEncoding?: ContentEncoding } = {},
): Details {
  return webpush.generateRequestDetails(subscription, JSON.stringify(payload), {
    vapidDetails: { subject: SUBJECT, ...(overrides.vapid ?? keys) },
    TTL: 600,
    urgency: 'high',
    topic: 'abc123',
    ...(overrides.contentEncoding ? { contentEncoding: overrides.contentEncoding } : {}),
  });
}

/** Sends the way the app does: web-push builds the request, our own fetch carries it over plain HTTP. */
function send(d: Details, endpoint = d.endpoint, headers: Record<string, string> = headersOf(d)) {
  return fetch(endpoint, { method: 'POST', headers, body: d.body ? new Uint8Array(d.body) : undefined });
}

const headersOf = (d: Details): Record<string, string> =>
  Object.fromEntries(Object.entries(d.headers).map(([k, v]) => [k, String(v)]));

/** Replaces the JWT claims but keeps the original signature: what a tampering proxy would produce. */
function tamperClaims(d: Details, change: (claims: Record<string, unknown>) => void): Record<string, string> {
  const headers = headersOf(d);
  const auth = headers.Authorization!;
  const jwt = /t=([^,\s]+)/.exec(auth)![1]!;
  const [head, claimsPart, signature] = jwt.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(claimsPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  const forged = `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  headers.Authorization = auth.replace(jwt, forged);
  return headers;
}

describe('Web Push service fake (web-push.md §1.2, §4)', () => {
  let fake: Fake;
  let sub: FakeSubscription;

  beforeAll(async () => {
    fake = await startPushServiceFake();
    sub = fake.subscribe();
  });
  afterAll(() => fake.close());

  it('issues browser-shaped subscriptions on loopback', () => {
    expect(fake.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sub.endpoint.startsWith(`${fake.origin}/push/`)).toBe(true);
    expect(sub.expirationTime).toBeNull();
    expect(Buffer.from(sub.keys.p256dh, 'base64url')).toHaveLength(65);
    expect(Buffer.from(sub.keys.auth, 'base64url')).toHaveLength(16);
  });

  it('accepts a web-push message with 201 + Location and records the decrypted payload', async () => {
    const before = Date.now();
    const res = await send(details(sub));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(new RegExp(`^${fake.origin}/message/[A-Za-z0-9_-]+$`));
    const delivery = fake.deliveries.at(-1) as PushDelivery;
    expect(delivery).toMatchObject({
      endpoint: sub.endpoint,
      ttl: 600,
      urgency: 'high',
      topic: 'abc123',
      payload: reminder,
      vapid: { aud: fake.origin, sub: SUBJECT, publicKey: keys.publicKey },
    });
    expect(delivery.receivedAt).toBeGreaterThanOrEqual(before);
    // web-push's default is 12 h, inside the 24 h VAPID ceiling.
    expect(delivery.vapid.exp * 1000 - before).toBeGreaterThan(11 * 3600_000);
    expect(delivery.vapid.exp * 1000 - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(fake.requests.at(-1)).toEqual({ endpoint: sub.endpoint, status: 201 });
  });

  it('answers 404 for an endpoint it never issued, and for other paths', async () => {
    const d = details(sub);
    expect((await send(d, `${fake.origin}/push/never-issued`)).status).toBe(404);
    expect((await send(d, `${fake.origin}/elsewhere`)).status).toBe(404);
    expect(fake.requests.at(-2)).toEqual({ endpoint: `${fake.origin}/push/never-issued`, status: 404 });
  });

  it('answers 410 once the subscription is expired', async () => {
    const gone = fake.subscribe();
    expect((await send(details(gone))).status).toBe(201);
    fake.expire(gone.endpoint);
    const res = await send(details(gone));
    expect(res.status).toBe(410);
    expect(await res.text()).toMatch(/expired|unsubscribed/i);
  });

  it('answers 401 without a VAPID Authorization header', async () => {
    const { Authorization: _dropped, ...headers } = headersOf(details(sub));
    const count = fake.deliveries.length;
    expect((await send(details(sub), sub.endpoint, headers)).status).toBe(401);
    const malformed = { ...headersOf(details(sub)), Authorization: 'Bearer abc' };
    expect((await send(details(sub), sub.endpoint, malformed)).status).toBe(401);
    expect(fake.deliveries).toHaveLength(count);
  });

  it('answers 403 for a JWT signed by another key pair that claims the first key', async () => {
    const headers = headersOf(details(sub, reminder, { vapid: otherKeys }));
    headers.Authorization = headers.Authorization!.replace(otherKeys.publicKey, keys.publicKey);
    const res = await send(details(sub), sub.endpoint, headers);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/signature/i);
  });

  it('answers 403 when the JWT claims were tampered with after signing', async () => {
    const headers = tamperClaims(details(sub), (claims) => {
      claims.exp = (claims.exp as number) + 60;
    });
    const res = await send(details(sub), sub.endpoint, headers);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/signature/i);
  });

  it('answers 403 for a correctly signed JWT whose aud is another push service', async () => {
    // Same keys, so the body still decrypts: only the audience is wrong.
    const d = details({ ...sub, endpoint: 'https://fcm.example/push/x' });
    const res = await send(d, sub.endpoint);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('aud');
  });

  it('answers 403 once the JWT has expired by the fake’s clock', async () => {
    let now = Date.now();
    const clocked = await startPushServiceFake({ clock: () => now });
    try {
      const s = clocked.subscribe();
      const d = details(s);
      now += 13 * 3600_000;
      const res = await send(d);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/expired/i);
    } finally {
      await clocked.close();
    }
  });

  it('answers 400 for a missing or invalid TTL, Urgency or Topic', async () => {
    const base = headersOf(details(sub));
    const { TTL: _ttl, ...noTtl } = base;
    const cases: Array<[string, Record<string, string>]> = [
      ['no TTL', noTtl],
      ['negative TTL', { ...base, TTL: '-1' }],
      ['bad urgency', { ...base, Urgency: 'urgent' }],
      ['long topic', { ...base, Topic: 'a'.repeat(33) }],
      ['topic outside the alphabet', { ...base, Topic: 'trip/42' }],
    ];
    for (const [name, headers] of cases) {
      expect((await send(details(sub), sub.endpoint, headers)).status, name).toBe(400);
    }
  });

  it('answers 415 for the legacy aesgcm encoding', async () => {
    const d = details(sub, reminder, { contentEncoding: 'aesgcm' });
    expect(d.headers['Content-Encoding']).toBe('aesgcm');
    const res = await send(d);
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('aes128gcm');
  });

  it('answers 413 for a body over 4096 bytes', async () => {
    const d = details(sub, { ...reminder, body: 'x'.repeat(4100) });
    expect(d.body!.length).toBeGreaterThan(4096);
    const res = await send(d);
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('4096');
  });

  it('answers 400 for a body encrypted for another subscription', async () => {
    const other = fake.subscribe();
    const res = await send(details(other), sub.endpoint);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/decrypt/);
  });

  it('plays scripted answers in order with Retry-After, without delivering, then accepts again', async () => {
    const s = fake.subscribe();
    fake.script(s.endpoint, [{ status: 429, retryAfter: 2 }, { status: 500 }]);
    const count = fake.deliveries.length;
    const first = await send(details(s));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    const second = await send(details(s));
    expect(second.status).toBe(500);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(fake.deliveries).toHaveLength(count);
    expect((await send(details(s))).status).toBe(201);
    expect(fake.deliveries).toHaveLength(count + 1);
    expect(fake.requests.filter((r) => r.endpoint === s.endpoint).map((r) => r.status)).toEqual([
      429, 500, 201,
    ]);
  });
});

describe('Web Push service fake bound to one VAPID key', () => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await startPushServiceFake({ vapidPublicKey: keys.publicKey });
  });
  afterAll(() => fake.close());

  it('accepts the bound key and answers 403 for another, as after a key rotation', async () => {
    const sub = fake.subscribe();
    expect((await send(details(sub))).status).toBe(201);
    const res = await send(details(sub, reminder, { vapid: otherKeys }));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/key/i);
    expect(fake.deliveries).toHaveLength(1);
  });
});
