/**
 * The API's shapes, inferred from the server's zod schemas (`src/http/schemas.ts`): a type-only
 * import, so no server code reaches the bundle and the PWA cannot drift from what the server sends.
 */

import type { z } from 'zod';
import type {
  AccountDeletedView,
  AccountView,
  AdminStatsView,
  adminMeView,
  ErrorBody,
  libraryScanSummary,
  libraryView,
  MusicSourcesView,
  PlaylistView,
  PlayView,
  PreferencesBody,
  PreferencesView,
  PushKeyView,
  PushSubscriptionBody,
  PushTestView,
  pushSubscriptionView,
  pushUnsubscribedView,
  ShareBody,
  ShareDismissedView,
  ShareOriginBody,
  ShareResultView,
  ShareView,
  signedOutView,
  TripView,
} from '../../src/http/schemas.js';
import { noteFailure, noteResponse } from './connection.js';
import { lang } from './i18n/index.js';

export type Trip = TripView;
export type Playlist = PlaylistView;
export type Share = ShareView;
export type ShareResult = ShareResultView;
export type Preferences = PreferencesView;
export type Account = AccountView;
export type MusicProvider = MusicSourcesView['chosen'];
export type PushKey = PushKeyView;
export type PushSubscriptionJson = PushSubscriptionBody;
export type PushSubscribed = z.output<typeof pushSubscriptionView>;
export type PushUnsubscribed = z.output<typeof pushUnsubscribedView>;
export type SignedOut = z.output<typeof signedOutView>;
export type AccountDeleted = AccountDeletedView;
export type Library = z.output<typeof libraryView>;
export type LibraryScan = z.output<typeof libraryScanSummary>;
export type AdminStats = AdminStatsView;
export type AdminMe = z.output<typeof adminMeView>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        // Server messages (share errors, playlist notes) come back in the language the traveller chose.
        'accept-language': lang.value,
        ...(init?.body ? { 'content-type': 'application/json' } : {}),
      },
    });
  } catch (err) {
    // No answer at all: offline, or the server is unreachable (the shell's banner tells which).
    noteFailure();
    throw err;
  }
  // Fresh or from the worker's offline copy (`x-railtape-cached-at`): the banner shows which.
  noteResponse(res);
  const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `HTTP ${res.status}`,
    );
  return body as T;
}

export const api = {
  share: (payload: ShareBody) =>
    request<ShareResult>('/api/shares', { method: 'POST', body: JSON.stringify(payload) }),
  trips: () => request<{ trips: Trip[] }>('/api/trips'),
  trip: (id: string) => request<{ trip: Trip; playlist: Playlist | null }>(`/api/trips/${id}`),
  shares: () => request<{ shares: Share[] }>('/api/shares'),
  shareById: (id: string) => request<ShareResult>(`/api/shares/${id}`),
  /** Hides a share the traveller no longer wants to see (it stays stored). */
  dismissShare: (id: string) =>
    request<ShareDismissedView>(`/api/shares/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  retry: (id: string) => request<ShareResult>(`/api/shares/${id}/retry`, { method: 'POST' }),
  /** Where a "My location" share starts: the device's position or a stop the traveller names. */
  fillOrigin: (id: string, body: ShareOriginBody) =>
    request<ShareResult>(`/api/shares/${encodeURIComponent(id)}/origin`, {
      method: 'POST',
      body: JSON.stringify(body),
    }),
  me: () => request<Account>('/api/me'),
  play: (tripId: string) => request<PlayView>(`/api/trips/${tripId}/play`, { method: 'POST' }),
  /** Fits the trip's playlist again (keeps what has played; replaces its copy in the music service). */
  refit: (tripId: string) =>
    request<{ trip: Trip; playlist: Playlist | null }>(`/api/trips/${encodeURIComponent(tripId)}/refit`, {
      method: 'POST',
    }),
  signOut: () => request<{ sessionsEnded: number }>('/api/auth/sign-out', { method: 'POST' }),
  preferences: () => request<Preferences>('/api/preferences'),
  musicSources: () => request<MusicSourcesView>('/api/music/sources'),
  updatePreferences: (changes: PreferencesBody) =>
    request<Preferences>('/api/preferences', { method: 'PUT', body: JSON.stringify(changes) }),
  /** The VAPID public key (base64url), or `publicKey: null` on a server without Web Push. */
  pushKey: () => request<PushKey>('/api/push/key'),
  subscribePush: (subscription: PushSubscriptionJson) =>
    request<PushSubscribed>('/api/push/subscriptions', {
      method: 'POST',
      body: JSON.stringify(subscription),
    }),
  /** Sends a test notification to every device the traveller subscribed. */
  testPush: () => request<PushTestView>('/api/push/test', { method: 'POST' }),
  unsubscribePush: (endpoint: string) =>
    request<PushUnsubscribed>('/api/push/subscriptions', {
      method: 'DELETE',
      body: JSON.stringify({ endpoint }),
    }),
  /** Ends every session of the account, on every device. */
  signOutEverywhere: () => request<SignedOut>('/api/auth/sign-out-everywhere', { method: 'POST' }),
  /** Deletes the account and all its data (playlists in the traveller's Spotify stay theirs). */
  deleteAccount: () => request<AccountDeleted>('/api/me', { method: 'DELETE' }),
  /** The server's music library (`MUSIC_DIR`): whether there is one, its size, the last scan. */
  library: () => request<Library>('/api/library'),
  scanLibrary: () => request<LibraryScan>('/api/library/scan', { method: 'POST' }),
  /** Whether the signed-in account is one of `ADMIN_ACCOUNTS`. */
  adminMe: () => request<AdminMe>('/api/admin/me'),
  adminStats: (since = '7d') => request<AdminStats>(`/api/admin/stats?since=${encodeURIComponent(since)}`),
};
