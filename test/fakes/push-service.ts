/**
 * Contract fake of a Web Push service (FCM, Mozilla autopush) on 127.0.0.1 over plain HTTP, answering
 * the way web-push.md §1.2 says the real ones do. The app encrypts with `webpush.generateRequestDetails()`
 * and POSTs the result itself (web-push.md §4, option 2), so no TLS is needed here; what matters is that
 * VAPID and the aes128gcm body are checked for real, so a regression in either fails here the way it
 * would fail against a real push service instead of passing silently.
 */
import { createECDH, createPublicKey, type ECDH, randomBytes, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

export interface FakeSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface PushDelivery {
  endpoint: string;
  receivedAt: number;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** The decrypted body, parsed as JSON (RFC 8291 aes128gcm, decrypted with http_ece). */
  payload: unknown;
  vapid: { aud: string; sub: string; exp: number; publicKey: string };
}

export interface PushServiceFakeOptions {
  /** ms; default `Date.now`, used for JWT `exp` checks and `receivedAt`. */
  clock?: () => number;
  /** When set, a request signed with another key gets 403, as after a VAPID key rotation. */
  vapidPublicKey?: string;
}

export interface PushServiceFake {
  /** e.g. `http://127.0.0.1:41234`; also the only VAPID `aud` accepted. */
  origin: string;
  /** A new browser-like subscription: ECDH P-256 key pair + 16-byte auth secret kept by the fake; endpoint `${origin}/push/<random id>`. */
  subscribe(): FakeSubscription;
  /** Scripted answers for the next requests to this endpoint, consumed in order, e.g. [{status:429, retryAfter:2},{status:500}] — then normal again. */
  script(endpoint: string, answers: Array<{ status: number; retryAfter?: number }>): void;
  /** From now on this endpoint answers 410 Gone (the user unsubscribed). */
  expire(endpoint: string): void;
  /** Every accepted (201) message, in arrival order. */
  deliveries: PushDelivery[];
  /** Every request received, accepted or not. */
  requests: Array<{ endpoint: string; status: number }>;
  close(): Promise<void>;
}

// http_ece ships no types; only the aes128gcm decrypt path is used, where salt and sender key travel in
// the body header, so no `dh`/`salt` parameters are needed (web-push.md §4).
const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer;
};

/** Real services guarantee about 4 KB of (encrypted) body; FCM and autopush refuse more with 413. */
const MAX_BODY = 4096;
/** VAPID (RFC 8292 §2): `exp` must be no more than 24 hours after the request. */
const MAX_EXP_AHEAD_S = 24 * 60 * 60;
const URGENCIES = new Set(['very-low', 'low', 'normal', 'high']);
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

interface Subscriber {
  ecdh: ECDH;
  auth: string;
  expired: boolean;
  script: Array<{ status: number; retryAfter?: number }>;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const decodeJson = (part: string): Record<string, unknown> => {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
};

/** Parses `vapid t=<JWT>, k=<key>`; anything else is a missing credential (401), not a bad one. */
function parseAuthorization(header: string | undefined): { jwt: string; key: string } {
  const match = /^vapid\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) throw new Refusal(401, 'Missing or non-VAPID Authorization header');
  const params = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const jwt = params.get('t');
  const key = params.get('k');
  if (!jwt || !key) throw new Refusal(401, 'VAPID Authorization needs both t= and k=');
  if (jwt.split('.').length !== 3) throw new Refusal(401, 'VAPID t= is not a JWT');
  if (!B64URL.test(key)) throw new Refusal(401, 'VAPID k= is not URL-safe base64');
  return { jwt, key };
}

function verifyVapid(
  jwt: string,
  key: string,
  origin: string,
  nowMs: number,
  expectedKey: string | undefined,
): PushDelivery['vapid'] {
  const point = Buffer.from(key, 'base64url');
  // An uncompressed P-256 point: 0x04 || X (32) || Y (32), as PushManager's applicationServerKey.
  if (point.length !== 65 || point[0] !== 4) throw new Refusal(401, 'VAPID k= is not a P-256 public key');
  if (expectedKey !== undefined && key !== expectedKey)
    throw new Refusal(403, 'VAPID key does not match the applicationServerKey of this subscription');
  const [headerPart, payloadPart, signaturePart] = jwt.split('.') as [string, string, string];
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeJson(headerPart);
    claims = decodeJson(payloadPart);
  } catch {
    throw new Refusal(401, 'VAPID JWT is not decodable');
  }
  if (header.alg !== 'ES256') throw new Refusal(403, 'VAPID JWT alg must be ES256');
  let valid = false;
  try {
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    valid = verify(
      'sha256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signaturePart, 'base64url'),
    );
  } catch {
    // A point off the curve cannot sign anything: same answer as a bad signature.
    valid = false;
  }
  if (!valid) throw new Refusal(403, 'VAPID JWT signature does not verify with k=');
  const { aud, sub, exp } = claims;
  if (aud !== origin) throw new Refusal(403, `VAPID aud must be ${origin}`);
  if (typeof exp !== 'number' || !Number.isInteger(exp)) throw new Refusal(403, 'VAPID exp missing');
  const nowS = nowMs / 1000;
  if (exp <= nowS) throw new Refusal(403, 'VAPID JWT expired');
  if (exp > nowS + MAX_EXP_AHEAD_S) throw new Refusal(403, 'VAPID exp more than 24 hours ahead');
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub))
    throw new Refusal(403, 'VAPID sub must be a mailto: or https: URL');
  return { aud, sub, exp, publicKey: key };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startPushServiceFake(options: PushServiceFakeOptions = {}): Promise<PushServiceFake> {
  const clock = options.clock ?? Date.now;
  const subscribers = new Map<string, Subscriber>();
  const deliveries: PushDelivery[] = [];
  const requests: Array<{ endpoint: string; status: number }> = [];
  let origin = '';

  const headerValue = (req: IncomingMessage, name: string): string | undefined => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };

  /** Resolves to the 201 `Location`; every refusal is thrown, so the caller records before answering. */
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<string> => {
    const path = new URL(req.url ?? '/', origin).pathname;
    const id = /^\/push\/([A-Za-z0-9_-]+)$/.exec(path)?.[1];
    const subscriber = id === undefined ? undefined : subscribers.get(id);
    // Drain the body before answering so keep-alive connections stay usable after a refusal.
    const body = await readBody(req);
    if (id === undefined) throw new Refusal(404, 'Not found');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      throw new Refusal(405, 'Only POST is allowed');
    }
    if (!subscriber) throw new Refusal(404, 'No such subscription');
    if (subscriber.expired) throw new Refusal(410, 'Subscription expired or unsubscribed');

    // Legacy `aesgcm` (draft-03) is refused too: every current browser uses RFC 8291 aes128gcm, and
    // a sender falling back to aesgcm would also use the old `WebPush` auth scheme.
    const encoding = headerValue(req, 'content-encoding');
    if (encoding?.toLowerCase() !== 'aes128gcm') throw new Refusal(415, 'Content-Encoding must be aes128gcm');
    if (body.length > MAX_BODY) throw new Refusal(413, `Payload larger than ${MAX_BODY} bytes`);

    const { jwt, key } = parseAuthorization(headerValue(req, 'authorization'));
    const now = clock();
    const vapid = verifyVapid(jwt, key, origin, now, options.vapidPublicKey);

    const ttlHeader = headerValue(req, 'ttl');
    if (ttlHeader === undefined || !/^\d+$/.test(ttlHeader.trim()))
      throw new Refusal(400, 'TTL header must be an integer >= 0');
    const urgency = headerValue(req, 'urgency');
    if (urgency !== undefined && !URGENCIES.has(urgency))
      throw new Refusal(400, 'Urgency must be very-low, low, normal or high');
    const topic = headerValue(req, 'topic');
    if (topic !== undefined && !TOPIC.test(topic))
      throw new Refusal(400, 'Topic must be at most 32 URL-safe base64 characters');

    // A scripted answer stands for the service's own trouble (throttling, outage): it comes only
    // once the request itself is acceptable, so a malformed request never uses up a scripted slot.
    const scripted = subscriber.script.shift();
    if (scripted) {
      if (scripted.retryAfter !== undefined) res.setHeader('retry-after', String(scripted.retryAfter));
      throw new Refusal(scripted.status, `Scripted ${scripted.status}`);
    }

    let payload: unknown;
    try {
      const plaintext = ece.decrypt(body, {
        version: 'aes128gcm',
        privateKey: subscriber.ecdh,
        authSecret: subscriber.auth,
      });
      payload = JSON.parse(plaintext.toString('utf8'));
    } catch {
      // Real services cannot read the body; this fake can, and a body the browser could not decrypt
      // (or a reminder that is not JSON) would be dropped silently on the device, so fail loudly here.
      throw new Refusal(400, 'Body does not decrypt to JSON with this subscription’s keys');
    }
    deliveries.push({
      endpoint: `${origin}${path}`,
      receivedAt: now,
      ttl: Number(ttlHeader.trim()),
      urgency,
      topic,
      payload,
      vapid,
    });
    return `${origin}/message/${randomBytes(12).toString('base64url')}`;
  };

  const server = createServer((req, res) => {
    const endpoint = `${origin}${new URL(req.url ?? '/', origin).pathname}`;
    // Recorded before answering, so a test that awaited the response always sees its request.
    handle(req, res).then(
      (location) => {
        requests.push({ endpoint, status: 201 });
        res.writeHead(201, { location });
        res.end();
      },
      (error: unknown) => {
        const status = error instanceof Refusal ? error.status : 500;
        requests.push({ endpoint, status });
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(error instanceof Error ? error.message : 'Internal error');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const subscriberFor = (endpoint: string): Subscriber => {
    const id = endpoint.startsWith(`${origin}/push/`) ? endpoint.slice(`${origin}/push/`.length) : '';
    const subscriber = subscribers.get(id);
    if (!subscriber) throw new Error(`Not an endpoint issued by this fake: ${endpoint}`);
    return subscriber;
  };

  return {
    origin,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const auth = randomBytes(16).toString('base64url');
      const id = randomBytes(16).toString('base64url');
      subscribers.set(id, { ecdh, auth, expired: false, script: [] });
      return {
        endpoint: `${origin}/push/${id}`,
        expirationTime: null,
        keys: { p256dh: publicKey.toString('base64url'), auth },
      };
    },
    script(endpoint, answers) {
      subscriberFor(endpoint).script.push(...answers);
    },
    expire(endpoint) {
      subscriberFor(endpoint).expired = true;
    },
    deliveries,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
