/**
 * A small typed client for Google Routes `computeRoutes` with `travelMode: TRANSIT`
 * (`timetable-apis.md` §4): the key in `X-Goog-Api-Key` (never in the URL, so it stays out of
 * access logs), the required `X-Goog-FieldMask` (without it Google answers 400), Google's error
 * envelope `{"error":{"code","message","status"}}` read for its status only (its message is never
 * passed on), bounded retries for 429 `RESOURCE_EXHAUSTED`, 5xx, network errors and timeouts, and a
 * call count.
 */
import { computeRoutesAnswer, type GoogleRoute } from './google-routes-trip.js';
import { fetchWithRetries, retryRules, unavailable } from './retrying-fetch.js';
import type { ApiUsageRecorder } from './usage.js';

/** Only what `google-routes-trip.ts` reads: Google bills by the fields asked for. */
export const ROUTES_FIELD_MASK = [
  'routes.duration',
  'routes.legs.steps.travelMode',
  'routes.legs.steps.staticDuration',
  'routes.legs.steps.transitDetails.stopDetails',
  'routes.legs.steps.transitDetails.headsign',
  'routes.legs.steps.transitDetails.transitLine.name',
  'routes.legs.steps.transitDetails.transitLine.nameShort',
  'routes.legs.steps.transitDetails.transitLine.vehicle.type',
  'routes.legs.steps.transitDetails.tripShortText',
].join(',');

export interface GoogleRoutesClientConfig {
  /** e.g. `https://routes.googleapis.com`. */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  maxRetryWaitMs?: number;
  now?: () => number;
  languageCode?: string;
  usage?: ApiUsageRecorder;
}

export interface TransitRoutesParams {
  origin: string;
  destination: string;
  /** The wanted instant, epoch ms; null: leave now. */
  at: number | null;
  arriveBy: boolean;
}

export interface GoogleRoutesClient {
  transitRoutes(params: TransitRoutesParams): Promise<GoogleRoute[]>;
  calls(): number;
}

export function createGoogleRoutesClient(config: GoogleRoutesClientConfig): GoogleRoutesClient {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/directions/v2:computeRoutes`;
  const rules = retryRules('google_routes', 'Google Routes', config);

  async function post(body: unknown): Promise<unknown> {
    const response = await fetchWithRetries(rules, url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-goog-api-key': config.apiKey,
        'x-goog-fieldmask': ROUTES_FIELD_MASK,
      },
      body: JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const status = (json as { error?: { status?: unknown } } | null)?.error?.status;
      // Google's message may quote the request; only its status word leaves this module.
      throw unavailable(`Google Routes answered ${response.status}.`, {
        reason: response.status === 401 || response.status === 403 ? 'unauthorized' : 'bad_request',
        status: response.status,
        ...(typeof status === 'string' ? { googleStatus: status } : {}),
      });
    }
    return json;
  }

  return {
    async transitRoutes(params) {
      const body = {
        origin: { address: params.origin },
        destination: { address: params.destination },
        travelMode: 'TRANSIT',
        ...(params.at === null
          ? {}
          : params.arriveBy
            ? { arrivalTime: new Date(params.at).toISOString() }
            : { departureTime: new Date(params.at).toISOString() }),
        computeAlternativeRoutes: true,
        languageCode: config.languageCode ?? 'de',
        transitPreferences: { routingPreference: 'FEWER_TRANSFERS' },
      };
      const parsed = computeRoutesAnswer.safeParse(await post(body));
      if (!parsed.success)
        throw unavailable('Google Routes sent an unexpected answer.', { reason: 'bad_answer' });
      // No route: Google answers 200 with `{}`.
      return parsed.data.routes ?? [];
    },
    calls: rules.calls,
  };
}
