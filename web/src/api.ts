/** The API shapes the PWA reads (see src/http/views.ts). */

export interface Stop {
  name: string;
  uic: string | null;
  platform: string | null;
}
export interface Leg {
  mode: string;
  line: string | null;
  trainNumber: string | null;
  from: Stop;
  to: Stop;
  departure: string;
  arrival: string;
}
export interface Trip {
  id: string;
  source: string;
  exactness: 'exact' | 'replanned' | 'approximate';
  origin: string;
  destination: string;
  departure: string;
  arrival: string;
  durationSeconds: number;
  legs: Leg[];
}
export interface PlaylistTrack {
  id: string;
  title: string;
  artists: string[];
  durationMs: number;
  startSeconds: number;
  legIndex: number;
}
export interface Playlist {
  id: string;
  provider: 'demo' | 'spotify' | 'local';
  targetSeconds: number;
  totalSeconds: number;
  errorSeconds: number;
  boundaries: Array<{ legIndex: number; targetSeconds: number; actualSeconds: number; errorSeconds: number }>;
  notes: Array<{ code: string; message: string }>;
  tracks: PlaylistTrack[];
}
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
    throw new ApiError(body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

export const api = {
  share: (text: string) =>
    request<ShareResult>('/api/shares', { method: 'POST', body: JSON.stringify({ text }) }),
  trips: () => request<{ trips: Trip[] }>('/api/trips'),
  trip: (id: string) => request<{ trip: Trip; playlist: Playlist | null }>(`/api/trips/${id}`),
  shares: () => request<{ shares: Share[] }>('/api/shares'),
  shareById: (id: string) => request<ShareResult>(`/api/shares/${id}`),
  retry: (id: string) => request<ShareResult>(`/api/shares/${id}/retry`, { method: 'POST' }),
};
