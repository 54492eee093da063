/**
 * A small typed client for the Subsonic API (Navidrome, Gonic, Airsonic; OpenSubsonic extensions read
 * when present). Token auth on every request: `t = md5(password + salt)` with a fresh salt, so the
 * password never travels. Real servers answer HTTP 200 with `status: "failed"` in the envelope; both
 * that and HTTP failures/timeouts become AppErrors with `subsonic_*` codes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import type { CatalogTrack } from '../../domain/playlist.js';

export const SUBSONIC_API_VERSION = '1.16.1';
export const SUBSONIC_CLIENT_NAME = 'railtape';

export interface SubsonicClientConfig {
  url: string;
  user: string;
  password: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const song = z.looseObject({
  id: z.string(),
  title: z.string().default(''),
  artist: z.string().optional(),
  artists: z.array(z.looseObject({ name: z.string() })).optional(),
  duration: z.number().optional(),
  explicitStatus: z.string().optional(),
});
export type SubsonicSong = z.infer<typeof song>;

const playlistSummary = z.looseObject({ id: z.string(), name: z.string(), songCount: z.number().optional() });
export type SubsonicPlaylistSummary = z.infer<typeof playlistSummary>;

const envelope = z.object({
  'subsonic-response': z.looseObject({
    status: z.enum(['ok', 'failed']),
    version: z.string().optional(),
    error: z.object({ code: z.number(), message: z.string().optional() }).optional(),
  }),
});

/** Subsonic error codes → the closed list of AppError codes. */
export function subsonicErrorCode(
  code: number,
): 'subsonic_auth_failed' | 'subsonic_not_found' | 'subsonic_unavailable' {
  if (code === 40 || code === 41 || code === 50) return 'subsonic_auth_failed';
  if (code === 70) return 'subsonic_not_found';
  return 'subsonic_unavailable'; // 0 generic, 10 missing parameter, 20/30 version mismatch
}

export function toCatalogTrack(s: SubsonicSong, score?: number): CatalogTrack {
  const artists = s.artists?.length ? s.artists.map((a) => a.name) : s.artist ? [s.artist] : [];
  return {
    id: s.id,
    title: s.title,
    artists,
    // Subsonic gives whole seconds only.
    durationMs: Math.round((s.duration ?? 0) * 1000),
    explicit: s.explicitStatus === 'explicit',
    ...(score === undefined ? {} : { score }),
  };
}

export interface SubsonicClient {
  ping(): Promise<void>;
  getStarredSongs(): Promise<SubsonicSong[]>;
  getPlaylists(): Promise<SubsonicPlaylistSummary[]>;
  getPlaylist(id: string): Promise<{ id: string; name: string; songs: SubsonicSong[] }>;
  getRandomSongs(options: { size: number; genre?: string }): Promise<SubsonicSong[]>;
  /** Creates a playlist, or with `playlistId` replaces its songs in place; returns its id. */
  createPlaylist(input: { name?: string; playlistId?: string; songIds: readonly string[] }): Promise<string>;
  updatePlaylist(input: { playlistId: string; name?: string; comment?: string }): Promise<void>;
  deletePlaylist(id: string): Promise<void>;
}

export function createSubsonicClient(config: SubsonicClientConfig): SubsonicClient {
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const base = config.url.replace(/\/+$/, '');

  async function call(
    endpoint: string,
    params: Array<[string, string]> = [],
  ): Promise<Record<string, unknown>> {
    const salt = randomBytes(8).toString('hex');
    const token = createHash('md5')
      .update(config.password + salt)
      .digest('hex');
    const query = new URLSearchParams([
      ['u', config.user],
      ['t', token],
      ['s', salt],
      ['v', SUBSONIC_API_VERSION],
      ['c', SUBSONIC_CLIENT_NAME],
      ['f', 'json'],
      ...params,
    ]);
    let response: Response;
    try {
      response = await doFetch(`${base}/rest/${endpoint}?${query}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AppError('subsonic_unavailable', 'The Subsonic server did not answer in time.');
    }
    if (response.status === 401 || response.status === 403)
      throw new AppError('subsonic_auth_failed', 'The Subsonic server refused the credentials.');
    if (!response.ok)
      throw new AppError('subsonic_unavailable', `The Subsonic server answered ${response.status}.`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new AppError('subsonic_unavailable', 'The Subsonic server sent no JSON.');
    }
    const parsed = envelope.safeParse(body);
    if (!parsed.success)
      throw new AppError('subsonic_unavailable', 'The Subsonic server sent an unexpected answer.');
    const inner = parsed.data['subsonic-response'];
    if (inner.status === 'failed') {
      const code = inner.error?.code ?? 0;
      throw new AppError(subsonicErrorCode(code), `The Subsonic server failed (error ${code}).`, {
        subsonicCode: code,
      });
    }
    return inner;
  }

  const songs = (v: unknown) =>
    z
      .array(song)
      .catch([])
      .parse(v ?? []);

  return {
    async ping() {
      await call('ping');
    },
    async getStarredSongs() {
      const r = await call('getStarred2');
      return songs((r.starred2 as { song?: unknown } | undefined)?.song);
    },
    async getPlaylists() {
      const r = await call('getPlaylists');
      return z
        .array(playlistSummary)
        .catch([])
        .parse((r.playlists as { playlist?: unknown } | undefined)?.playlist ?? []);
    },
    async getPlaylist(id) {
      const r = await call('getPlaylist', [['id', id]]);
      const p = z
        .looseObject({ id: z.string(), name: z.string(), entry: z.unknown().optional() })
        .safeParse(r.playlist);
      if (!p.success)
        throw new AppError('subsonic_unavailable', 'The Subsonic server sent an unexpected playlist.');
      return { id: p.data.id, name: p.data.name, songs: songs(p.data.entry) };
    },
    async getRandomSongs({ size, genre }) {
      const params: Array<[string, string]> = [['size', String(size)]];
      if (genre) params.push(['genre', genre]);
      const r = await call('getRandomSongs', params);
      return songs((r.randomSongs as { song?: unknown } | undefined)?.song);
    },
    async createPlaylist({ name, playlistId, songIds }) {
      const params: Array<[string, string]> = [];
      if (playlistId) params.push(['playlistId', playlistId]);
      else params.push(['name', name ?? 'Railtape']);
      for (const id of songIds) params.push(['songId', id]);
      const r = await call('createPlaylist', params);
      const id = z.looseObject({ id: z.string() }).safeParse(r.playlist);
      // Subsonic < 1.14 returns an empty answer; the id is then the one given.
      if (id.success) return id.data.id;
      if (playlistId) return playlistId;
      throw new AppError('subsonic_unavailable', 'The Subsonic server did not return the new playlist.');
    },
    async updatePlaylist({ playlistId, name, comment }) {
      const params: Array<[string, string]> = [['playlistId', playlistId]];
      if (name !== undefined) params.push(['name', name]);
      if (comment !== undefined) params.push(['comment', comment]);
      await call('updatePlaylist', params);
    },
    async deletePlaylist(id) {
      await call('deletePlaylist', [['id', id]]);
    },
  };
}
