/** The API shapes the PWA reads (see src/http/views.ts). */
import type { Playlist as DomainPlaylist } from '../../src/domain/playlist.js';
import type { Trip as DomainTrip } from '../../src/domain/trip.js';

export type { PlaylistTrack } from '../../src/domain/playlist.js';
export type { Leg, Stop } from '../../src/domain/trip.js';

/** The API's views (src/http/views.ts): the domain shapes plus their ids. */
export type Trip = DomainTrip & { id: string; shareId: string | null };
export type Playlist = DomainPlaylist & {
  id: string;
  tripId: string;
  provider: 'demo' | 'spotify' | 'local';
  externalUrl: string | null;
};
export interface Share {
  id: string;
  status: 'received' | 'parsed' | 'needs_resolution' | 'failed';
  receivedAt: string;
  payload: { title: string | null; text: string | null; url: string | null };
  error: { code: string; message: string } | null;
}
export interface ShareResult {
  share: Share;
  trip: Trip | null;
  playlist: Playlist | null;
  duplicate: boolean;
}

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
  const res = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) },
  });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'http_error',
      body?.error?.message ?? `HTTP ${res.status}`,
    );
  return body as T;
}

export const api = {
  share: (payload: Partial<Share['payload']>) =>
    request<ShareResult>('/api/shares', { method: 'POST', body: JSON.stringify(payload) }),
  trips: () => request<{ trips: Trip[] }>('/api/trips'),
  trip: (id: string) => request<{ trip: Trip; playlist: Playlist | null }>(`/api/trips/${id}`),
  shares: () => request<{ shares: Share[] }>('/api/shares'),
  shareById: (id: string) => request<ShareResult>(`/api/shares/${id}`),
  retry: (id: string) => request<ShareResult>(`/api/shares/${id}/retry`, { method: 'POST' }),
};
