import { Agent, type Dispatcher, interceptors, request } from 'undici';

/**
 * `fetch` for the server's calls to the services it is configured with (Spotify, Subsonic, the
 * timetables), on undici's `request` underneath: the same answers, about half the client CPU of the
 * WHATWG `fetch` pipeline per call (its body streams and request objects; docs/benchmarks.md,
 * issue 14). Bodies are read whole, as these clients read every answer whole anyway.
 *
 * It keeps the parts of `fetch`'s contract the clients rely on: `redirect` ('follow' by default,
 * 'manual' hands back the 3xx, 'error' fails), `signal` (an expired `AbortSignal.timeout` rejects
 * with its `TimeoutError`), a failed connection as `TypeError('fetch failed', { cause })`, and a
 * `URLSearchParams` body as a form. Anything else (a `Request`, a stream or form-data body) is
 * passed to `fallback`, the platform's `fetch`. Never for user-given addresses: those go through
 * the guarded fetch (`share/guarded-fetch.ts`).
 */
export function createLeanFetch(
  options: { dispatcher?: Dispatcher; fallback?: typeof fetch } = {},
): typeof fetch {
  const fallback = options.fallback ?? globalThis.fetch;
  const direct = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000 });
  const following = direct.compose(interceptors.redirect({ maxRedirections: 20 }));

  return async function leanFetch(input, init = {}) {
    const body = bodyOf(init.body);
    if ((typeof input !== 'string' && !(input instanceof URL)) || body === undefined) {
      return fallback(input, init);
    }
    const headers = headersOf(init.headers);
    if (init.body instanceof URLSearchParams && !hasHeader(headers, 'content-type'))
      headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    const redirect = init.redirect ?? 'follow';
    const method = (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod;
    let answer: Dispatcher.ResponseData;
    let bytes: ArrayBuffer;
    try {
      answer = await request(input, {
        method,
        headers,
        body,
        signal: init.signal ?? undefined,
        dispatcher: redirect === 'follow' ? following : direct,
      });
      bytes = await answer.body.arrayBuffer();
    } catch (err) {
      // As `fetch`: an aborted call rejects with the signal's reason (TimeoutError for a timeout).
      if (init.signal?.aborted) throw init.signal.reason;
      throw new TypeError('fetch failed', { cause: err });
    }
    const status = answer.statusCode;
    if (redirect === 'error' && status >= 300 && status < 400 && answer.headers.location !== undefined) {
      throw new TypeError('fetch failed', {
        cause: new Error(`unexpected redirect to ${answer.headers.location}`),
      });
    }
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.set(name, value);
    }
    const empty = method === 'HEAD' || NULL_BODY_STATUSES.has(status);
    return new Response(empty ? null : bytes, { status, headers: responseHeaders });
  };
}

/** Statuses a `Response` may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The body as undici sends it; undefined: a kind this fetch leaves to the platform's. */
function bodyOf(body: RequestInit['body']): string | Uint8Array | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

function headersOf(init: RequestInit['headers']): Record<string, string> {
  if (!init) return {};
  if (init instanceof Headers || Array.isArray(init)) return Object.fromEntries(new Headers(init));
  return { ...(init as Record<string, string>) };
}

const hasHeader = (headers: Record<string, string>, name: string) =>
  Object.keys(headers).some((k) => k.toLowerCase() === name);
