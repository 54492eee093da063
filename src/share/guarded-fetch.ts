/**
 * Outbound HTTP to an address a stranger chose, closed against DNS rebinding. `createTargetCheck` judges
 * a URL before the request, but the HTTP client resolves the host again when it connects, and a hostile
 * name server may answer a public address the first time and a private one the second. The agent made
 * here resolves at connect time itself, refuses any non-public address (`isPublicAddress`) and hands the
 * very address it checked to the socket, so what was judged is what is dialled; an address literal is
 * judged before the connector runs (the socket would not look it up).
 *
 * Every request whose URL a user or a share gave must go through `createGuardedFetch` (or at least
 * through a `createGuardedAgent` dispatcher): the short-link resolver, Web Push endpoints (a browser's
 * subscription is user input) and a user-entered Subsonic server alike. Only origins the operator
 * configured (the local contract fakes on 127.0.0.1) skip the address checks, by an explicit list.
 */
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { AppError } from '../domain/errors.js';
import { createTargetCheck, isPublicAddress, type Lookup, systemLookup } from './address-policy.js';

export interface GuardOptions {
  /** All addresses of a host name; defaults to the system resolver. Called again at connect time. */
  lookup?: Lookup;
  /** Origins (`http://127.0.0.1:4010`) the operator configured: dialled without address checks. */
  trustedOrigins?: ReadonlySet<string>;
  /** Limit on establishing a connection (default 10 s); the caller's signal bounds the rest. */
  connectTimeoutMs?: number;
}

export interface GuardedFetchOptions extends GuardOptions {
  /** Hosts a request may go to (lower case); leave out to allow any public host (push endpoints). */
  allowedHosts?: ReadonlySet<string>;
}

/** What the resolver and other callers need of fetch: one request, the answer as a web Response. */
export type GuardedFetch = (url: URL, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

const refused = () =>
  new AppError('link_not_allowed', 'The link leads to a private or reserved address.', {
    reason: 'address',
  });
const unresolved = () =>
  new AppError('resolution_failed', 'The short-link host did not resolve.', { reason: 'dns' });

/**
 * A `net` lookup that resolves once, refuses the lot when any address is not public (a name with one
 * private address among public ones is hostile), and gives the socket exactly the checked addresses.
 */
export function guardedLookup(lookup: Lookup): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(unresolved(), '', 0);
        if (!addresses.every(isPublicAddress)) return callback(refused(), '', 0);
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((a) => a.family !== 0 && (wanted === 0 || a.family === wanted));
        const [first] = usable;
        if (first === undefined) return callback(unresolved(), '', 0);
        if (options.all) return (callback as (err: null, all: typeof usable) => void)(null, usable);
        return callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), '', 0),
    );
  };
}

/** An undici dispatcher that only ever connects to public addresses (or to a trusted origin). */
export function createGuardedAgent(options: GuardOptions = {}): Agent {
  const trusted = options.trustedOrigins ?? new Set<string>();
  const timeout = options.connectTimeoutMs ?? 10_000;
  const plain = buildConnector({ timeout });
  const guarded = buildConnector({ timeout, lookup: guardedLookup(options.lookup ?? systemLookup) });
  return new Agent({
    connect: (opts, callback) => {
      if (trusted.has(`${opts.protocol}//${opts.host}`)) return plain(opts, callback);
      // An address literal never reaches `lookup`: judge it here.
      const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
      if (isIP(host) !== 0 && !isPublicAddress(host)) return callback(refused(), null);
      return guarded(opts, callback);
    },
  });
}

/**
 * fetch behind both fences: the URL check before the request (https, host list, public addresses) and
 * the guarded agent at connect time. A refusal surfaces as the AppError itself, not as `fetch failed`.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const lookup = options.lookup ?? systemLookup;
  const trustedOrigins = options.trustedOrigins ?? new Set<string>();
  const check = createTargetCheck({ allowedHosts: options.allowedHosts, trustedOrigins, lookup });
  const send = fetchVia(createGuardedAgent({ ...options, lookup, trustedOrigins }));
  return async (url, init) => {
    await check(url, init.signal);
    try {
      return await send(url, init);
    } catch (err) {
      throw appErrorCause(err) ?? err;
    }
  };
}

/** fetch through `dispatcher`: undici's own fetch, so the agent and the client are the same version. */
export function fetchVia(dispatcher: Agent): GuardedFetch {
  return async (url, init) =>
    (await undiciFetch(url, { ...init, dispatcher } as Parameters<
      typeof undiciFetch
    >[1])) as unknown as Response;
}

/** fetch wraps a connector error as `TypeError('fetch failed', { cause })`. */
export function appErrorCause(err: unknown): AppError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof AppError) return e;
  }
  return undefined;
}
