import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeanFetch } from './lean-fetch.js';

/** What the server saw of a request, echoed back as JSON. */
async function seen(req: IncomingMessage) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return { method: req.method, url: req.url, headers: req.headers, body };
}

describe('the lean fetch (real HTTP on loopback), side by side with the platform fetch', () => {
  let server: Server;
  let base: string;
  const lean = createLeanFetch();

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.statusCode = Number(url.searchParams.get('status') ?? 200);
        res.end(JSON.stringify(await seen(req)));
      } else if (url.pathname === '/empty') {
        res.statusCode = 204;
        res.end();
      } else if (url.pathname === '/moved') {
        res.statusCode = 302;
        res.setHeader('location', '/echo?from=moved');
        res.end('moved');
      } else if (url.pathname === '/slow') {
        setTimeout(() => res.end('late'), 2_000).unref();
      } else {
        res.statusCode = 404;
        res.end('{"error":"no such thing"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  interface Answer {
    status: number;
    ok: boolean;
    type: string | null;
    cookies: string[];
    location: string | null;
    body: unknown;
  }

  /** Status, headers that matter and body of the same call through both fetches. */
  async function both(path: string, init?: RequestInit) {
    const answers: Answer[] = [];
    for (const f of [lean, fetch]) {
      const res = await f(`${base}${path}`, init);
      const text = await res.text();
      answers.push({
        status: res.status,
        ok: res.ok,
        type: res.headers.get('content-type'),
        cookies: res.headers.getSetCookie(),
        location: res.headers.get('location'),
        body: text.startsWith('{') ? JSON.parse(text) : text,
      });
    }
    return [answers[0]!, answers[1]!] as const;
  }

  const withoutTransportHeaders = (answer: Answer) => {
    const body = answer.body as { headers?: Record<string, unknown> };
    // The platform fetch adds its own (user-agent, accept-language, sec-fetch-mode, encodings).
    const { host, 'content-type': type, authorization, 'content-length': length } = body.headers ?? {};
    return { ...answer, body: { ...body, headers: { host, type, authorization, length } } };
  };

  it('sends the method, headers and JSON body, and reads status, headers and body as fetch does', async () => {
    const init = {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ uris: ['spotify:track:1'] }),
    };
    const [a, b] = await both('/echo?status=201', init);
    expect(a.status).toBe(201);
    expect(a.cookies).toEqual(['a=1', 'b=2']);
    expect((a.body as { body: string }).body).toBe(init.body);
    expect(withoutTransportHeaders(a)).toEqual(withoutTransportHeaders(b));
  });

  it('takes Headers and a URLSearchParams body (sent as a form), as fetch does', async () => {
    const init = {
      method: 'POST',
      headers: new Headers({ authorization: 'Basic x' }),
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r' }),
    };
    const [a, b] = await both('/echo', init);
    expect((a.body as { headers: Record<string, string> }).headers['content-type']).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
    expect(withoutTransportHeaders(a)).toEqual(withoutTransportHeaders(b));
  });

  it('answers 204 without a body and 404 with its body', async () => {
    const [a, b] = await both('/empty');
    expect(a).toEqual(b);
    expect(a.status).toBe(204);
    const [c, d] = await both('/nowhere');
    expect(c).toEqual(d);
    expect(c).toMatchObject({ status: 404, ok: false, body: { error: 'no such thing' } });
  });

  it('follows a redirect by default, hands it back when manual, and fails on it when told to', async () => {
    const [followed, platform] = await both('/moved');
    expect((followed.body as { url: string }).url).toBe('/echo?from=moved');
    expect((followed.body as { url: string }).url).toBe((platform.body as { url: string }).url);
    const [manual] = await both('/moved', { redirect: 'manual' });
    expect(manual).toMatchObject({ status: 302, location: '/echo?from=moved', body: 'moved' });
    await expect(lean(`${base}/moved`, { redirect: 'error' })).rejects.toThrow(
      expect.objectContaining({ name: 'TypeError', message: 'fetch failed' }),
    );
  });

  it('rejects with the TimeoutError of an expired AbortSignal.timeout, as fetch does', async () => {
    const err = await lean(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
  });

  it('reports a refused connection as fetch failed with the cause', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = (await lean(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as TypeError;
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toBe('fetch failed');
    expect((err.cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('passes what it does not handle (a Request) to the fallback fetch', async () => {
    const calls: string[] = [];
    const withFallback = createLeanFetch({
      fallback: (input, init) => {
        calls.push(String(input instanceof Request ? input.url : input));
        return fetch(input, init);
      },
    });
    const res = await withFallback(new Request(`${base}/echo`));
    expect(res.status).toBe(200);
    expect(calls).toEqual([`${base}/echo`]);
  });
});
