/**
 * A small typed client for OJP 2.0 `TripRequest` at opentransportdata.swiss (`timetable-apis.md` §2):
 * a POST of XML with the bearer token, bounded explicit retries for 429, 5xx, network errors and
 * timeouts, the server's `Retry-After` / `X-Rate-Limit-Reset` honoured like the opendata client, and a
 * call count. The token never appears in an error or a log: errors carry the status only.
 */
import type { TripSource } from '../domain/trip.js';
import { type OjpTrip, type OjpTripQuery, parseTripResponse, tripRequestXml } from './ojp-trip.js';
import { fetchWithRetries, retryRules, unavailable } from './retrying-fetch.js';
import type { ApiUsageRecorder } from './usage.js';

export interface OjpClientConfig {
  /** e.g. `https://api.opentransportdata.swiss/ojp20`; the request is POSTed to this URL itself. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Longest server-asked wait worth sleeping through; beyond it the 429 is thrown at once. */
  maxRetryWaitMs?: number;
  now?: () => number;
  /** `RequestorRef`, which the service logs per client. */
  requestorRef?: string;
  usage?: ApiUsageRecorder;
}

export interface OjpTripParams {
  from: string;
  to: string;
  at: number;
  arriveBy?: boolean;
  numberOfResults?: number;
  source: TripSource;
}

export interface OjpClient {
  trips(params: OjpTripParams): Promise<OjpTrip[]>;
  /** HTTP requests made so far, retries included. */
  calls(): number;
}

export function createOjpClient(config: OjpClientConfig): OjpClient {
  const url = config.baseUrl.replace(/\/+$/, '');
  const rules = retryRules('ojp', 'The timetable', config);

  async function post(body: string): Promise<string> {
    const response = await fetchWithRetries(rules, url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${config.token}` },
      body,
    });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      // The operator's token is wrong or expired: not the traveller's fault, and not worth a retry.
      throw unavailable('The timetable refused the configured token.', {
        reason: 'unauthorized',
        status: response.status,
      });
    }
    const text = await response.text().catch(() => '');
    if (response.status === 400) {
      // `<Problem>…</Problem>`: the request's shape, which is Railtape's to fix, never the traveller's.
      throw unavailable('The timetable refused the request.', { reason: 'bad_request', status: 400 });
    }
    if (!response.ok)
      throw unavailable(`The timetable answered ${response.status}.`, { status: response.status });
    return text;
  }

  return {
    async trips(params) {
      const query: OjpTripQuery = {
        from: params.from,
        to: params.to,
        at: params.at,
        arriveBy: params.arriveBy ?? false,
        numberOfResults: params.numberOfResults ?? 6,
        now: rules.now(),
        requestorRef: config.requestorRef ?? 'railtape_prod',
      };
      return parseTripResponse(await post(tripRequestXml(query)), params.source);
    },
    calls: rules.calls,
  };
}
