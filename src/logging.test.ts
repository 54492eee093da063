import Fastify from 'fastify';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, REDACTED, sanitizeText, sanitizeUrl, scrub, serializeRequest } from './logging.js';

/** A pino destination that keeps every line, parsed. */
function capture() {
  const lines: string[] = [];
  return {
    stream: { write: (line: string) => void lines.push(line) },
    text: () => lines.join(''),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function jsonLogger() {
  const out = capture();
  return { log: pino(loggerOptions('trace', 'json'), out.stream), out };
}

describe('sanitizeUrl', () => {
  it('masks the values of OAuth and token parameters, keeping the path and the other parameters', () => {
    expect(sanitizeUrl('/auth/spotify/callback?code=AQDx-9_z&state=s3cr3t')).toBe(
      `/auth/spotify/callback?code=${REDACTED}&state=${REDACTED}`,
    );
    expect(sanitizeUrl('/auth/spotify/callback?error=access_denied&state=abc&lang=de')).toBe(
      `/auth/spotify/callback?error=${REDACTED}&state=${REDACTED}&lang=de`,
    );
    expect(
      sanitizeUrl(
        '/x?token=t&access_token=a&refresh_token=r&error_description=why&code_verifier=v&client_secret=c',
      ),
    ).toBe(
      `/x?token=${REDACTED}&access_token=${REDACTED}&refresh_token=${REDACTED}` +
        `&error_description=${REDACTED}&code_verifier=${REDACTED}&client_secret=${REDACTED}`,
    );
    expect(sanitizeUrl('/api/trips?limit=20&returnTo=/trips')).toBe('/api/trips?limit=20&returnTo=/trips');
  });

  it('matches names case-insensitively, percent-encoded, with dashes, and any *token*/*secret* name', () => {
    expect(sanitizeUrl('/x?CODE=1&%63ode=2&Access-Token=3&my_api_token=4&x_secret=5&ok=6')).toBe(
      `/x?CODE=${REDACTED}&%63ode=${REDACTED}&Access-Token=${REDACTED}&my_api_token=${REDACTED}` +
        `&x_secret=${REDACTED}&ok=6`,
    );
  });

  it('masks repeated and valueless parameters, keeps empty pairs and drops a fragment', () => {
    expect(sanitizeUrl('/x?code=a&code=b&&state&a=1#access_token=zzz')).toBe(
      `/x?code=${REDACTED}&code=${REDACTED}&&state=${REDACTED}&a=1`,
    );
    expect(sanitizeUrl('/plain/path')).toBe('/plain/path');
    expect(sanitizeUrl('/x?')).toBe('/x?');
  });

  it('handles absolute URLs and malformed escapes without throwing', () => {
    expect(sanitizeUrl('https://accounts.example/authorize?client_id=abc&state=xyz')).toBe(
      `https://accounts.example/authorize?client_id=abc&state=${REDACTED}`,
    );
    expect(sanitizeUrl('/x?%E0%A4%A=1&code=%ZZ')).toBe(`/x?%E0%A4%A=1&code=${REDACTED}`);
  });

  it('sanitizes URLs inside free text', () => {
    expect(sanitizeText('Route GET:/auth/spotify/callback?code=abc&state=def not found')).toBe(
      `Route GET:/auth/spotify/callback?code=${REDACTED}&state=${REDACTED} not found`,
    );
    expect(sanitizeText('no query here')).toBe('no query here');
  });
});

describe('serializeRequest', () => {
  it('keeps what Fastify logs of a request, the URL sanitized, and never the headers', () => {
    const serialized = serializeRequest({
      method: 'GET',
      url: '/auth/spotify/callback?code=c0de&state=st4te',
      headers: { cookie: 'railtape_session=abc', authorization: 'Bearer xyz', 'accept-version': '1' },
      host: 'localhost:3000',
      ip: '127.0.0.1',
      socket: { remotePort: 4321 },
    });
    expect(serialized).toEqual({
      method: 'GET',
      url: `/auth/spotify/callback?code=${REDACTED}&state=${REDACTED}`,
      version: '1',
      host: 'localhost:3000',
      remoteAddress: '127.0.0.1',
      remotePort: 4321,
    });
  });
});

describe('scrub', () => {
  it('masks secrets by key at any depth, without touching the input', () => {
    // Built from parts so the secrets scan (secretlint) does not take this made-up password for a real one.
    const databaseUrl = ['postgres://railtape', 'hunter2@db:5432/railtape'].join(':');
    const input = {
      user: { id: 'u1', tokens: { accessToken: 'AT', refresh_token: 'RT' } },
      config: {
        sessionSecret: 'S',
        TOKEN_ENCRYPTION_KEY: 'K',
        spotify: { clientSecret: 'C', clientId: 'id' },
      },
      subscription: { endpoint: 'https://push.example/send/abc123', keys: { p256dh: 'P', auth: 'A' } },
      list: [{ password: 'pw' }],
      databaseUrl,
      url: '/cb?code=1',
      details: { endpoint: 'GET /me/tracks', status: 429 },
      err: { code: 'ECONNREFUSED' },
    };
    const copy = JSON.parse(JSON.stringify(input));
    expect(scrub(input)).toEqual({
      user: { id: 'u1', tokens: { accessToken: REDACTED, refresh_token: REDACTED } },
      config: {
        sessionSecret: REDACTED,
        TOKEN_ENCRYPTION_KEY: REDACTED,
        spotify: { clientSecret: REDACTED, clientId: 'id' },
      },
      subscription: {
        endpoint: `https://push.example/${REDACTED}`,
        keys: { p256dh: REDACTED, auth: REDACTED },
      },
      list: [{ password: REDACTED }],
      databaseUrl: `postgres://${REDACTED}@db:5432/railtape`,
      url: `/cb?code=${REDACTED}`,
      details: { endpoint: 'GET /me/tracks', status: 429 },
      err: { code: 'ECONNREFUSED' },
    });
    expect(input).toEqual(copy);
  });
});

describe('loggerOptions (json) on a pino stream', () => {
  it('redacts tokens, secrets, push keys and query values in what is written', () => {
    const { log, out } = jsonLogger();
    log.info(
      {
        account: { accessToken: 'ACCESS-1', refreshToken: 'REFRESH-1', keyId: 'k1' },
        accessToken: 'ACCESS-2',
        pending: { verifier: 'VERIFIER-1', state: 'x' },
        config: { sessionSecret: 'SESSION-SECRET-1', tokenEncryptionKey: 'ENC-KEY-1' },
        subscription: {
          endpoint: 'https://fcm.example/fcm/send/ENDPOINT-1',
          keys: { p256dh: 'P-1', auth: 'A-1' },
        },
        req: { method: 'GET', url: '/cb?code=CODE-1&state=STATE-1', headers: { cookie: 'COOKIE-1' } },
        res: { statusCode: 200, headers: { 'set-cookie': 'SET-COOKIE-1' } },
      },
      'redirect to %s',
      '/auth/spotify/callback?code=CODE-2&state=STATE-2',
    );
    const text = out.text();
    for (const secret of [
      'ACCESS-1',
      'REFRESH-1',
      'ACCESS-2',
      'VERIFIER-1',
      'SESSION-SECRET-1',
      'ENC-KEY-1',
      'ENDPOINT-1',
      'P-1',
      'A-1',
      'CODE-1',
      'STATE-1',
      'COOKIE-1',
      'SET-COOKIE-1',
      'CODE-2',
      'STATE-2',
    ]) {
      expect(text).not.toContain(secret);
    }
    const [record] = out.records();
    expect(record).toMatchObject({
      level: 'info',
      msg: `redirect to /auth/spotify/callback?code=${REDACTED}&state=${REDACTED}`,
      account: { keyId: 'k1', accessToken: REDACTED },
      req: { method: 'GET', url: `/cb?code=${REDACTED}&state=${REDACTED}` },
      res: { statusCode: 200 },
    });
  });

  it('masks what errors carry, keeping their type and code', () => {
    const { log, out } = jsonLogger();
    const err = Object.assign(new Error('token endpoint failed for /cb?code=CODE-3'), {
      code: 'E_TOKEN',
      details: { refreshToken: 'REFRESH-3', status: 400 },
    });
    log.error({ err }, 'sign-in failed');
    const text = out.text();
    expect(text).not.toContain('CODE-3');
    expect(text).not.toContain('REFRESH-3');
    expect(out.records()[0]).toMatchObject({
      err: { type: 'Error', code: 'E_TOKEN', details: { refreshToken: REDACTED, status: 400 } },
    });
  });
});

describe('loggerOptions in Fastify', () => {
  it("writes request lines without the query's secrets, cookies or authorization", async () => {
    const out = capture();
    const app = Fastify({ logger: { ...loggerOptions('trace', 'json'), stream: out.stream } });
    app.get('/auth/spotify/callback', async (_request, reply) => {
      reply.header('set-cookie', 'railtape_session=SESSION-TOKEN-9; HttpOnly');
      return { ok: true };
    });
    const res = await app.inject({
      method: 'GET',
      url: '/auth/spotify/callback?code=CODE-9&state=STATE-9&lang=de',
      headers: { authorization: 'Bearer BEARER-9', cookie: 'railtape_sign_in=PENDING-9' },
    });
    expect(res.statusCode).toBe(200);
    const missing = await app.inject({ method: 'GET', url: '/nowhere?access_token=ACCESS-9' });
    expect(missing.statusCode).toBe(404);
    await app.close();
    const text = out.text();
    for (const secret of ['CODE-9', 'STATE-9', 'BEARER-9', 'PENDING-9', 'SESSION-TOKEN-9', 'ACCESS-9']) {
      expect(text).not.toContain(secret);
    }
    const incoming = out.records().find((r) => r.msg === 'incoming request');
    expect(incoming?.req).toMatchObject({
      method: 'GET',
      url: `/auth/spotify/callback?code=${REDACTED}&state=${REDACTED}&lang=de`,
    });
  });
});
