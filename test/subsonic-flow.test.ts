import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SubsonicFake, startSubsonicFake } from './fakes/subsonic.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/** A trip on a Subsonic server: one server playlist of the fitted songs, re-fitted in place. */
const TRIP_TEXT = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const target = testDatabases[0];

describe.skipIf(!target || target.skipReason !== undefined)('Subsonic as the music source', () => {
  let t: TestApp;
  let subsonic: SubsonicFake;

  beforeAll(async () => {
    subsonic = await startSubsonicFake();
    t = await startTestApp(target as NonNullable<typeof target>, {
      subsonic: { url: subsonic.url, user: subsonic.user, password: subsonic.password },
    });
    const prefs = await t.app.inject({
      method: 'PUT',
      url: '/api/preferences',
      headers: SAME_ORIGIN,
      payload: { musicSource: 'subsonic' },
    });
    expect(prefs.statusCode).toBe(200);
  });

  afterAll(async () => {
    await t?.close();
    await subsonic?.close();
  });

  it('creates one server playlist with the fitted songs in order, and a re-fit replaces them in place', async () => {
    const share = await t.app.inject({
      method: 'POST',
      url: '/api/shares',
      headers: SAME_ORIGIN,
      payload: { text: TRIP_TEXT },
    });
    expect(share.statusCode).toBe(201);
    const { trip, playlist } = share.json() as {
      trip: { id: string; durationSeconds: number };
      playlist: { provider: string; tracks: Array<{ id: string }> };
    };
    expect(playlist.provider).toBe('subsonic');
    expect(subsonic.playlists).toHaveLength(1);
    const server = subsonic.playlists[0];
    expect(server?.songIds).toEqual(playlist.tracks.map((x) => x.id));
    const seconds = (server?.songIds ?? []).reduce(
      (sum, id) => sum + (subsonic.songs.find((s) => s.id === id)?.duration ?? 0),
      0,
    );
    expect(Math.abs(seconds - trip.durationSeconds)).toBeLessThanOrEqual(1);

    // A late train: the clock moves into the ride, the rest is fitted again.
    t.clock.now = new Date(Date.parse('2026-10-10T09:30:00Z'));
    const refit = await t.app.inject({
      method: 'POST',
      url: `/api/trips/${trip.id}/refit`,
      headers: SAME_ORIGIN,
    });
    expect(refit.statusCode).toBe(200);
    const after = refit.json() as { playlist: { tracks: Array<{ id: string }> } };
    expect(subsonic.playlists).toHaveLength(1);
    expect(subsonic.playlists[0]?.id).toBe(server?.id);
    expect(subsonic.playlists[0]?.songIds).toEqual(after.playlist.tracks.map((x) => x.id));
    expect(subsonic.calls.filter((c) => c === 'createPlaylist')).toHaveLength(2);
  });

  it('a Subsonic outage gives the demo catalog with the reason, never a 500', async () => {
    subsonic.down(true);
    try {
      const share = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: SAME_ORIGIN,
        payload: { text: `${TRIP_TEXT} (again, while the server is down)` },
      });
      expect(share.statusCode).toBe(201);
      const { playlist } = share.json() as {
        playlist: { provider: string; notes: Array<{ code: string; message: string }> };
      };
      expect(playlist.provider).toBe('demo');
      // The reason (`subsonic_unavailable`), translated into the note.
      const note = playlist.notes.find((n) => n.code === 'demo_catalog_used');
      expect(note?.message).toContain('your music server is not answering');
    } finally {
      subsonic.down(false);
    }
  });

  it('wrong credentials are told apart from an outage', async () => {
    const { createSubsonicClient } = await import('../src/music/subsonic/client.js');
    const client = createSubsonicClient({ url: subsonic.url, user: subsonic.user, password: 'wrong' });
    await expect(client.ping()).rejects.toMatchObject({ code: 'subsonic_auth_failed' });
  });
});
