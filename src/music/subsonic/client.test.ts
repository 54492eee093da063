import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSubsonicClient, toCatalogTrack } from './client.js';
import { subsonicMusic } from './source.js';

const ok = (body: object) => ({ 'subsonic-response': { status: 'ok', version: '1.16.1', ...body } });
const failed = (code: number) => ({
  'subsonic-response': { status: 'failed', error: { code, message: 'x' } },
});

function fakeFetch(answer: (url: URL) => unknown) {
  const calls: URL[] = [];
  const fn = (async (input: string | URL) => {
    const url = new URL(String(input));
    calls.push(url);
    const body = answer(url);
    if (body === 'down') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { fn, calls };
}

const song = (id: string, duration = 200) => ({ id, title: `Song ${id}`, artist: 'A', duration });

describe('Subsonic client', () => {
  it('signs every request with a fresh salted md5 token, never the password', async () => {
    const f = fakeFetch(() => ok({}));
    const client = createSubsonicClient({
      url: 'http://music.test/',
      user: 'anna',
      password: 'sesame',
      fetch: f.fn,
    });
    await client.ping();
    await client.ping();
    const [a, b] = f.calls as [URL, URL];
    expect(a.pathname).toBe('/rest/ping');
    for (const u of [a, b]) {
      const s = u.searchParams.get('s') ?? '';
      expect(u.searchParams.get('t')).toBe(createHash('md5').update(`sesame${s}`).digest('hex'));
      expect(u.searchParams.get('u')).toBe('anna');
      expect(u.searchParams.get('v')).toBe('1.16.1');
      expect(u.searchParams.get('c')).toBe('railtape');
      expect(u.searchParams.get('f')).toBe('json');
      expect(u.search).not.toContain('sesame');
    }
    expect(a.searchParams.get('s')).not.toBe(b.searchParams.get('s'));
  });

  it('maps Subsonic error codes and outages to AppError codes', async () => {
    for (const [code, expected] of [
      [40, 'subsonic_auth_failed'],
      [41, 'subsonic_auth_failed'],
      [50, 'subsonic_auth_failed'],
      [70, 'subsonic_not_found'],
      [10, 'subsonic_unavailable'],
      [30, 'subsonic_unavailable'],
    ] as const) {
      const client = createSubsonicClient({
        url: 'http://m',
        user: 'u',
        password: 'p',
        fetch: fakeFetch(() => failed(code)).fn,
      });
      await expect(client.ping()).rejects.toMatchObject({ code: expected });
    }
    const down = createSubsonicClient({
      url: 'http://m',
      user: 'u',
      password: 'p',
      fetch: fakeFetch(() => 'down').fn,
    });
    await expect(down.ping()).rejects.toMatchObject({ code: 'subsonic_unavailable' });
  });

  it('creates a playlist, and with playlistId replaces its songs in place', async () => {
    const f = fakeFetch((u) =>
      ok({ playlist: { id: u.searchParams.get('playlistId') ?? 'pl-1', name: 'n' } }),
    );
    const client = createSubsonicClient({ url: 'http://m', user: 'u', password: 'p', fetch: f.fn });
    expect(await client.createPlaylist({ name: 'Zürich → Bern', songIds: ['a', 'b'] })).toBe('pl-1');
    expect(await client.createPlaylist({ playlistId: 'pl-1', songIds: ['c'] })).toBe('pl-1');
    expect(f.calls[0]?.searchParams.getAll('songId')).toEqual(['a', 'b']);
    expect(f.calls[1]?.searchParams.get('name')).toBeNull();
    expect(f.calls[1]?.searchParams.getAll('songId')).toEqual(['c']);
  });

  it('maps songs to catalog tracks (whole seconds, OpenSubsonic artists and explicitStatus)', () => {
    expect(
      toCatalogTrack({
        id: 's',
        title: 'T',
        artists: [{ name: 'X' }, { name: 'Y' }],
        duration: 187,
        explicitStatus: 'explicit',
      }),
    ).toEqual({ id: 's', title: 'T', artists: ['X', 'Y'], durationMs: 187_000, explicit: true });
  });

  it('pools starred, chosen playlists and random songs per genre, once per id, starred scored higher', async () => {
    const f = fakeFetch((u) => {
      const ep = u.pathname.split('/').pop();
      if (ep === 'getStarred2') return ok({ starred2: { song: [song('1'), song('2')] } });
      if (ep === 'getPlaylists') return ok({ playlists: { playlist: [{ id: 'p9', name: 'Train' }] } });
      if (ep === 'getPlaylist')
        return ok({ playlist: { id: 'p9', name: 'Train', entry: [song('2'), song('3')] } });
      return ok({ randomSongs: { song: [song('3'), song(`r-${u.searchParams.get('genre')}`)] } });
    });
    const client = createSubsonicClient({ url: 'http://m', user: 'u', password: 'p', fetch: f.fn });
    const pool = await subsonicMusic({ client, playlists: ['Train'], genres: ['Jazz', 'Rock'] }).poolFor(
      'user',
    );
    expect(pool.provider).toBe('subsonic');
    expect(pool.tracks.map((t) => t.id)).toEqual(['1', '2', '3', 'r-Jazz', 'r-Rock']);
    expect(pool.tracks[0]?.score).toBeGreaterThan(pool.tracks[4]?.score ?? 1);
  });
});
