/**
 * The one closed list of error codes. A code is a stable machine string the UI translates; its HTTP
 * status is derived from it here, and `domain/messages.ts` must translate every code into all four
 * languages (a missing one fails the typecheck).
 *
 * Share outcome codes are stored on a share (`shares.error_code`) and also travel as thrown errors
 * inside the share lifecycle; `awaiting_*` say what a share waits for rather than what went wrong.
 */
export const ERROR_STATUS = {
  // The request itself
  bad_request: 400,
  invalid_json: 400,
  json_forbidden_key: 400,
  invalid_request: 400,
  empty_share: 400,
  sign_in_required: 401,
  cross_site_request: 403,
  admin_only: 403,
  not_found: 404,
  share_not_found: 404,
  trip_not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  database_unavailable: 503,

  // Accounts and the music service
  sign_in_failed: 400,
  spotify_not_configured: 404,
  spotify_not_connected: 409,
  spotify_reconnect_required: 409,
  spotify_premium_required: 403,
  spotify_no_active_device: 409,
  spotify_rate_limited: 503,
  spotify_quota_exceeded: 503,
  spotify_unavailable: 502,
  subsonic_unavailable: 502,
  subsonic_auth_failed: 502,
  subsonic_not_found: 502,
  playlist_not_in_spotify: 409,
  trip_not_under_way: 409,
  library_empty: 409,
  music_source_not_offered: 422,

  // Reminders
  push_not_configured: 404,
  push_endpoint_not_allowed: 422,
  push_not_subscribed: 409,

  // What became of a share
  no_link_found: 422,
  unsupported_version: 422,
  bad_leg: 422,
  bad_link: 422,
  not_transit: 422,
  trip_too_long: 422,
  incomplete_search: 422,
  stop_not_found: 422,
  no_connection: 422,
  timetable_unavailable: 502,
  link_expired: 422,
  link_not_allowed: 422,
  resolution_failed: 502,
  awaiting_short_link: 202,
  awaiting_timetable: 202,
  // Shares from the wild (issue #15)
  date_unclear: 422,
  driving_route: 422,
  walking_route: 422,
  cycling_route: 422,
  place_not_route: 422,
  origin_needs_position: 202,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);

/**
 * One error family for the whole app. `message` is a human sentence safe to show (never an upstream
 * body or a stack); the HTTP layer replaces it by the translation for the request's language.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
