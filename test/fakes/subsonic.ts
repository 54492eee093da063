import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * A contract fake of a Subsonic-API server (Navidrome, Gonic) on 127.0.0.1: the `/rest/<method>`
 * endpoints Railtape calls, salted-token auth (`t = md5(password + s)`), and errors the way real
 * servers send them: HTTP 200 with `status: "failed"` and a Subsonic error code in the envelope.
 */
export interface FakeSubsonicSong {
  id: string;
  title: string;
  artist: string;
  duration: number;
  genre: string;
}

export interface FakeSubsonicPlaylist {
  id: string;
  name: string;
  songIds: string[];
}

export interface SubsonicFake {
  url: string;
  user: string;
  password: string;
  songs: readonly FakeSubsonicSong[];
  playlists: FakeSubsonicPlaylist[];
  /** Methods called, in order (`createPlaylist`, …), with their auth already checked. */
  calls: string[];
  /** While on, every request answers HTTP 503 (the server is down). */
  down(on: boolean): void;
  close(): Promise<void>;
}

const VERSION = '1.16.1';
const GENRES = ['Pop', 'Rock', 'Jazz', 'Electronic'];

const envelope = (body: Record<string, unknown>) => ({
  'subsonic-response': { status: 'ok', version: VERSION, type: 'navidrome', openSubsonic: true, ...body },
});
const failure = (code: number, message: string) => ({
  'subsonic-response': { status: 'failed', version: VERSION, error: { code, message } },
});

export async function startSubsonicFake(
  options: { user?: string; password?: string } = {},
): Promise<SubsonicFake> {
  const user = options.user ?? 'traveller';
  const password = options.password ?? 'sesame-open';
  // 400 songs of 2:00–6:59 in a fixed pattern, whole seconds as Subsonic reports them.
  const songs: FakeSubsonicSong[] = Array.from({ length: 400 }, (_, i) => ({
    id: `so-${i}`,
    title: `Song ${i}`,
    artist: `Band ${i % 37}`,
    duration: 120 + ((i * 7919) % 300),
    genre: GENRES[i % GENRES.length] as string,
  }));
  const starred = new Set(songs.filter((_, i) => i % 3 === 0).map((s) => s.id));
  const playlists: FakeSubsonicPlaylist[] = [];
  const calls: string[] = [];
  let isDown = false;
  let nextPlaylist = 1;
  const view = (s: FakeSubsonicSong) => ({ ...s, isDir: false, type: 'music' });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (isDown) return send(503, { error: 'down' });
    const method = url.pathname.replace(/^\/rest\//, '').replace(/\.view$/, '');
    const q = url.searchParams;
    if (!q.get('u') || !q.get('v') || !q.get('c'))
      return send(200, failure(10, 'Required parameter is missing.'));
    if (q.get('p')) return send(200, failure(41, 'Token authentication is required.'));
    const salt = q.get('s') ?? '';
    const expected = createHash('md5')
      .update(password + salt)
      .digest('hex');
    if (q.get('u') !== user || !salt || q.get('t') !== expected) {
      return send(200, failure(40, 'Wrong username or password.'));
    }
    calls.push(method);
    const playlistView = (p: FakeSubsonicPlaylist) => ({
      id: p.id,
      name: p.name,
      songCount: p.songIds.length,
      duration: p.songIds.reduce((sum, id) => sum + (songs.find((s) => s.id === id)?.duration ?? 0), 0),
    });
    switch (method) {
      case 'ping':
        return send(200, envelope({}));
      case 'getStarred2':
        return send(200, envelope({ starred2: { song: songs.filter((s) => starred.has(s.id)).map(view) } }));
      case 'getRandomSongs': {
        const size = Math.min(500, Number(q.get('size') ?? 10));
        const genre = q.get('genre');
        const pick = songs.filter((s) => !genre || s.genre === genre).slice(0, size);
        return send(200, envelope({ randomSongs: { song: pick.map(view) } }));
      }
      case 'getPlaylists':
        return send(200, envelope({ playlists: { playlist: playlists.map(playlistView) } }));
      case 'getPlaylist': {
        const p = playlists.find((x) => x.id === q.get('id'));
        if (!p) return send(200, failure(70, 'Playlist not found'));
        const entry = p.songIds.map((id) => songs.find((s) => s.id === id)).filter(Boolean);
        return send(200, envelope({ playlist: { ...playlistView(p), entry } }));
      }
      case 'createPlaylist': {
        const songIds = q.getAll('songId');
        if (songIds.some((id) => !songs.some((s) => s.id === id)))
          return send(200, failure(70, 'Song not found'));
        const existingId = q.get('playlistId');
        if (existingId) {
          const p = playlists.find((x) => x.id === existingId);
          if (!p) return send(200, failure(70, 'Playlist not found'));
          // OpenSubsonic/Navidrome: createPlaylist with playlistId replaces the songs in place.
          p.songIds = songIds;
          return send(200, envelope({ playlist: playlistView(p) }));
        }
        const name = q.get('name');
        if (!name) return send(200, failure(10, 'Required parameter is missing: name'));
        const p = { id: `pl-${nextPlaylist++}`, name, songIds };
        playlists.push(p);
        return send(200, envelope({ playlist: playlistView(p) }));
      }
      case 'updatePlaylist': {
        const p = playlists.find((x) => x.id === q.get('playlistId'));
        if (!p) return send(200, failure(70, 'Playlist not found'));
        if (q.get('name')) p.name = q.get('name') as string;
        return send(200, envelope({}));
      }
      case 'deletePlaylist': {
        const i = playlists.findIndex((x) => x.id === q.get('id'));
        if (i < 0) return send(200, failure(70, 'Playlist not found'));
        playlists.splice(i, 1);
        return send(200, envelope({}));
      }
      default:
        return send(404, { error: 'no such method' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    user,
    password,
    songs,
    playlists,
    calls,
    down(on) {
      isDown = on;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
