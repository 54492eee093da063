import { describe, expect, it } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { createMemoryStores } from '../../test/support/memory-stores.js';
import { LEAD_IN_LEG_INDEX, playbackOf } from '../domain/playlist.js';
import { parseInstant } from '../domain/time.js';
import { playlistView } from '../http/views.js';
import { demoMusic } from '../music/source.js';
import { createShareService } from '../share/service.js';
import { playbackPosition } from './position.js';
import { createPlaylistService } from './service.js';

/** How the user listens (crossfade, lead-in) reaches the fit, the stored row, the view and re-fits. */

const USER = '00000000-0000-4000-8000-0000000000bb';
const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';

async function setup(prefs: { crossfadeSeconds: number; leadInMinutes: number }) {
  const stores = createMemoryStores();
  await stores.users.updatePreferences(USER, prefs);
  const clock = { now: new Date('2026-11-24T09:00:00Z') };
  const playlists = createPlaylistService({
    playlists: stores.playlists,
    users: stores.users,
    music: demoMusic(),
    clock: () => clock.now,
  });
  const shares = createShareService({
    stores,
    playlists,
    resolveLink: async () => {
      throw new Error('no short links here');
    },
    clock: () => clock.now,
    log: { warn: () => {}, error: () => {} },
  });
  const result = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
  if (!result.trip) throw new Error('the fixture should parse');
  return { stores, playlists, trip: result.trip };
}

describe('playlists fitted for how the user listens', () => {
  it('fits with the crossfade and lead-in preferences and keeps them with the playlist', async () => {
    const { stores, trip } = await setup({ crossfadeSeconds: 6, leadInMinutes: 10 });
    const row = stores.playlists.rows[0]!;
    expect(playbackOf(row.fit)).toEqual({ crossfadeSeconds: 6, leadInSeconds: 600 });
    expect(row.targetSeconds).toBe(trip.trip.durationSeconds + 600);
    const [first, second] = row.tracks;
    expect(second!.startSeconds).toBeCloseTo(first!.durationMs / 1000 - 6, 6);
    expect(row.fit.boundaries[0]).toMatchObject({ legIndex: LEAD_IN_LEG_INDEX, targetSeconds: 600 });
    const view = playlistView(row, 'en');
    expect(view).toMatchObject({ crossfadeSeconds: 6, leadInSeconds: 600 });
    // Five minutes before departure the platform music is already playing.
    expect(playbackPosition(view.tracks, -300, view).state).toBe('under_way');
  });

  it('says nothing extra for a user who listens without crossfade or lead-in', async () => {
    const { stores } = await setup({ crossfadeSeconds: 0, leadInMinutes: 0 });
    const view = playlistView(stores.playlists.rows[0]!, 'en');
    expect(view.crossfadeSeconds).toBeUndefined();
    expect(view.leadInSeconds).toBeUndefined();
  });

  it('re-fits on the playlist clock: the lead-in stays, the started songs stay, the new crossfade counts', async () => {
    const { stores, playlists, trip } = await setup({ crossfadeSeconds: 3, leadInMinutes: 10 });
    const before = stores.playlists.rows[0]!;
    await stores.users.updatePreferences(USER, { crossfadeSeconds: 6, leadInMinutes: 0 });
    const now = new Date(parseInstant(trip.trip.departure) + 20 * 60_000);
    const after = await playlists.refit(trip, now);
    expect(playbackOf(after.fit)).toEqual({ crossfadeSeconds: 6, leadInSeconds: 600 });
    // 20 min after departure is 30 min into the playlist: everything started by then stays.
    const started = before.tracks.filter((t) => t.startSeconds < 1800);
    expect(after.tracks.slice(0, started.length).map((t) => t.id)).toEqual(started.map((t) => t.id));
    expect(after.targetSeconds).toBe(before.targetSeconds);
    expect(Math.abs(after.fit.errorSeconds)).toBeLessThanOrEqual(1);
  });
});
