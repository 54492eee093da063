/**
 * How the timetable clients report each HTTP call to the operator's API-usage figures. The same shape
 * as `ApiUsageRecorder` in `src/ops/api-usage.ts`, declared here so the timetable does not depend on
 * the operator module (structural typing makes either one fit the other).
 */
export type ApiUsageOutcome = 'ok' | 'rate_limited' | 'error';

export interface ApiUsageRecorder {
  record(service: string, outcome: ApiUsageOutcome): void;
}

export type TimetableService = 'opendata' | 'ojp' | 'google_routes';

/** The outcome of one HTTP answer (or of none: a network error or a timeout). */
export function outcomeOf(status: number | null): ApiUsageOutcome {
  if (status === 429) return 'rate_limited';
  return status !== null && status < 400 ? 'ok' : 'error';
}
