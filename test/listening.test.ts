import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

/**
 * How the traveller listens (#18), through real HTTP and a real database: the preferences reach the
 * fit, the stored playlist remembers them (in its `fit` jsonb), and the API's view says them.
 */

const tripLink = () => fixtureById('real-sbb-triplink-jitpack').text ?? '';
const RIDE_SECONDS = 4 * 3600 + 48 * 60;

for (const target of testDatabases) {
  const title = target.skipReason
    ? `listening preferences on ${target.name} (${target.skipReason})`
    : `listening preferences on ${target.name}`;

  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(target);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('fits the 4 h 48 min trip for a 6 s crossfade and 10 min on the platform, and keeps them', async () => {
      const prefs = await t.app.inject({
        method: 'PUT',
        url: '/api/preferences',
        payload: { crossfadeSeconds: 6, leadInMinutes: 10 },
      });
      expect(prefs.statusCode).toBe(200);
      const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text: tripLink() } });
      expect(res.statusCode).toBe(201);
      const { trip, playlist } = res.json();
      expect(playlist).toMatchObject({ crossfadeSeconds: 6, leadInSeconds: 600 });
      expect(playlist.targetSeconds).toBe(RIDE_SECONDS + 600);
      // Heard: the last track ends at the arrival although the songs overlap 6 s each.
      const last = playlist.tracks.at(-1);
      expect(
        Math.abs(last.startSeconds + last.durationMs / 1000 - playlist.targetSeconds),
      ).toBeLessThanOrEqual(1);
      expect(playlist.tracks[1].startSeconds).toBeCloseTo(playlist.tracks[0].durationMs / 1000 - 6, 6);
      expect(playlist.boundaries[0]).toMatchObject({ legIndex: -1, targetSeconds: 600 });

      // Read back from the database: the same playlist, heard the same way.
      const again = (await t.app.inject({ method: 'GET', url: `/api/trips/${trip.id}` })).json();
      expect(again.playlist).toMatchObject({ crossfadeSeconds: 6, leadInSeconds: 600 });
      expect(again.playlist.tracks).toEqual(playlist.tracks);

      const m3u8 = await t.app.inject({ method: 'GET', url: `/api/trips/${trip.id}/playlist.m3u8` });
      expect(m3u8.statusCode).toBe(200);
    });
  });
}
