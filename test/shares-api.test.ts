import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_USER_ID } from '../src/db/users.js';
import { reparseFailedShares, runParseWorker } from '../src/jobs/parse-worker.js';
import { fixtureById } from './fixtures.js';
import { startTestApp, type TestApp } from './support/app.js';
import { testDatabases } from './support/databases.js';

const tripLink = () => fixtureById('real-sbb-triplink-jitpack').text ?? '';
const local = (iso: string) => iso.slice(0, 16);

for (const target of testDatabases) {
  const title = target.skipReason
    ? `shares API on ${target.name} (${target.skipReason})`
    : `shares API on ${target.name}`;

  describe.skipIf(target.skipReason !== undefined)(title, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(target);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('turns the shared SBB trip link into the Samedan → Bern trip and a 4 h 48 min playlist', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text: tripLink() } });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.share.status).toBe('parsed');
      expect(body.trip).toMatchObject({
        origin: 'Samedan',
        destination: 'Bern, Cäcilienstrasse',
        exactness: 'exact',
      });
      expect(local(body.trip.departure)).toBe('2026-10-10T10:58');
      expect(local(body.trip.arrival)).toBe('2026-10-10T15:46');
      expect(body.trip.legs).toHaveLength(5);
      expect(body.trip.durationSeconds).toBe(4 * 3600 + 48 * 60);
      expect(body.playlist.targetSeconds).toBe(17_280);
      expect(Math.abs(body.playlist.totalSeconds - 17_280)).toBeLessThanOrEqual(1);
      expect(body.playlist.provider).toBe('demo');

      const again = await t.app.inject({ method: 'GET', url: `/api/trips/${body.trip.id}` });
      expect(again.statusCode).toBe(200);
      expect(again.json().playlist.tracks.length).toBe(body.playlist.tracks.length);
    });

    it('returns the existing trip when the same link is shared again within a day', async () => {
      const first = (
        await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text: tripLink() } })
      ).json();
      const second = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        payload: { text: tripLink() },
      });
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ duplicate: true, trip: { id: first.trip.id } });
    });

    it('keeps an unreadable share, with a code and a message in the traveller’s language', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' },
        payload: { text: 'Treffpunkt 13:02 beim Meeting Point, bis später!' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.share.status).toBe('failed');
      expect(body.share.error.code).toBe('no_link_found');
      expect(body.share.error.message).toMatch(/kein Reise-Link/);
      expect(body.share.payload.text).toBe('Treffpunkt 13:02 beim Meeting Point, bis später!');
      const list = (await t.app.inject({ method: 'GET', url: '/api/shares' })).json();
      expect(list.shares.some((s: { id: string }) => s.id === body.share.id)).toBe(true);
    });

    it('answers bad input with a 4xx and a machine-readable code', async () => {
      const cases = [
        { payload: {}, status: 400, code: 'empty_share' },
        { payload: { text: '   ' }, status: 400, code: 'empty_share' },
        { payload: { text: 42 }, status: 400, code: 'invalid_request' },
        { payload: { text: 'x'.repeat(20_001) }, status: 400, code: 'invalid_request' },
        { payload: { text: 'https://www.sbb.ch/\u0000' }, status: 400, code: 'invalid_request' },
      ];
      for (const c of cases) {
        const res = await t.app.inject({ method: 'POST', url: '/api/shares', payload: c.payload });
        expect(res.statusCode, JSON.stringify(c.payload).slice(0, 40)).toBe(c.status);
        expect(res.json().error.code).toBe(c.code);
        expect(typeof res.json().error.message).toBe('string');
      }
      const broken = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        headers: { 'content-type': 'application/json' },
        payload: '{"text": ',
      });
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.code).toBeTypeOf('string');
      const notUuid = await t.app.inject({ method: 'GET', url: '/api/trips/not-a-uuid' });
      expect(notUuid.statusCode).toBe(400);
      expect(notUuid.json().error.code).toBe('invalid_request');
      const missing = await t.app.inject({
        method: 'GET',
        url: '/api/trips/00000000-0000-4000-8000-00000000ffff',
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('trip_not_found');
      const noRoute = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(noRoute.statusCode).toBe(404);
      expect(noRoute.json().error.code).toBe('not_found');
    });

    it('resolves an SBB short link through the short-link host', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/shares',
        payload: { text: fixtureById('c-sbb-short-de-bus').text },
      });
      const body = res.json();
      expect(body.share.status).toBe('parsed');
      expect(body.trip).toMatchObject({ origin: 'Zürich HB', destination: 'Flims Dorf, Post' });
    });

    it('fails an unknown short link with link_expired and keeps the share', async () => {
      const body = (
        await t.app.inject({
          method: 'POST',
          url: '/api/shares',
          payload: { text: fixtureById('real-sbb-short-unresolved').text },
        })
      ).json();
      expect(body.share.status).toBe('failed');
      expect(body.share.error.code).toBe('link_expired');
    });

    it('accepts the PWA share target (multipart with the trip picture) and redirects to the share', async () => {
      const boundary = '----railtape';
      const payload = [
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nMeine Reise\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${fixtureById('c-sbb-triplink-de-walk-tram').url ?? fixtureById('c-sbb-triplink-de-walk-tram').text}\r\n`,
        `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="trip.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG fake\r\n`,
        `--${boundary}--\r\n`,
      ].join('');
      const res = await t.app.inject({
        method: 'POST',
        url: '/share',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(res.statusCode).toBe(303);
      const id = /share=([\w-]+)/.exec(res.headers.location as string)?.[1];
      const share = (await t.app.inject({ method: 'GET', url: `/api/shares/${id}` })).json();
      expect(share.share.payload.title).toBe('Meine Reise');
      expect(share.trip.destination).toBe('Zürich, ETH/Universitätsspital');
    });

    it('leaves a short link for the worker when the host is down, and the worker finishes it', async () => {
      t.sbb.setAvailable(false);
      const body = (
        await t.app.inject({
          method: 'POST',
          url: '/api/shares',
          payload: { text: fixtureById('c-sbb-short-en-test-string').text },
        })
      ).json();
      expect(body.share.status).toBe('needs_resolution');
      expect(body.share.error.code).toBe('resolution_failed');
      t.sbb.setAvailable(true);
      // Not due yet: the back-off holds it back.
      expect(
        (await runParseWorker({ store: t.stores.shares, shares: t.shares, clock: () => t.clock.now }))
          .claimed,
      ).toBe(0);
      t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
      const summary = await runParseWorker({
        store: t.stores.shares,
        shares: t.shares,
        clock: () => t.clock.now,
      });
      expect(summary).toMatchObject({ claimed: 1, parsed: 1 });
      const after = (await t.app.inject({ method: 'GET', url: `/api/shares/${body.share.id}` })).json();
      expect(after.share.status).toBe('parsed');
      expect(after.trip.origin).toBe('Zürich HB');
    });

    it('re-runs failed shares with `reparse --failed` and never drops them', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/api/shares' })).json().shares.length;
      const summary = await reparseFailedShares({ store: t.stores.shares, shares: t.shares });
      expect(summary.claimed).toBeGreaterThanOrEqual(2);
      expect(summary.failed).toBe(summary.claimed);
      expect((await t.app.inject({ method: 'GET', url: '/api/shares' })).json().shares.length).toBe(before);
    });

    it('exports the playlist as M3U8', async () => {
      const trips = (await t.app.inject({ method: 'GET', url: '/api/trips' })).json().trips;
      const res = await t.app.inject({ method: 'GET', url: `/api/trips/${trips[0].id}/playlist.m3u8` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/audio\/x-mpegurl/);
      expect(res.body.startsWith('#EXTM3U\n')).toBe(true);
      expect(res.body).toMatch(/#EXTINF:\d+,/);
    });

    it('dismisses a share off the list without deleting it: idempotent, retryable, exported, back when shared again', async () => {
      const text = `Treffpunkt beim Kiosk, ${target.name}`;
      const created = (await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text } })).json();
      expect(created.share.status).toBe('failed');
      const id = created.share.id as string;
      const listed = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/shares' }))
          .json()
          .shares.map((s: { id: string }) => s.id) as string[];
      expect(await listed()).toContain(id);

      const dismissed = await t.app.inject({ method: 'DELETE', url: `/api/shares/${id}` });
      expect(dismissed.statusCode).toBe(200);
      expect(dismissed.json()).toEqual({ id, dismissed: true });
      expect(await listed()).not.toContain(id);
      const firstAt = (await t.stores.shares.get(LOCAL_USER_ID, id))?.dismissedAt;
      expect(firstAt).toEqual(t.clock.now);

      // Again: the same answer, and the first dismissal's time is kept.
      t.clock.now = new Date(t.clock.now.getTime() + 60_000);
      const twice = await t.app.inject({ method: 'DELETE', url: `/api/shares/${id}` });
      expect(twice.statusCode).toBe(200);
      expect(twice.json()).toEqual({ id, dismissed: true });
      const stored = await t.stores.shares.get(LOCAL_USER_ID, id);
      expect(stored?.dismissedAt).toEqual(firstAt);

      // Still there for the traveller: read by id, retried, and in the account export.
      expect((await t.app.inject({ method: 'GET', url: `/api/shares/${id}` })).statusCode).toBe(200);
      const retried = await t.app.inject({ method: 'POST', url: `/api/shares/${id}/retry` });
      expect(retried.statusCode).toBe(200);
      expect(retried.json().share).toMatchObject({ id, status: 'failed' });
      const exported = (await t.app.inject({ method: 'GET', url: '/api/me/export' })).json();
      expect(exported.shares.map((s: { id: string }) => s.id)).toContain(id);

      // Shared again within the day: the same share, back on the list.
      const again = await t.app.inject({ method: 'POST', url: '/api/shares', payload: { text } });
      expect(again.json()).toMatchObject({ duplicate: true, share: { id } });
      expect(await listed()).toContain(id);
      expect((await t.stores.shares.get(LOCAL_USER_ID, id))?.dismissedAt).toBeNull();
    });

    it('answers share_not_found for an unknown share and for another traveller’s', async () => {
      const unknown = await t.app.inject({
        method: 'DELETE',
        url: '/api/shares/00000000-0000-4000-8000-00000000ffff',
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('share_not_found');
      const { user: other } = await t.stores.users.upsertBySpotifyId({
        spotifyId: `other-${target.name}`,
        displayName: 'Someone else',
        locale: 'en',
      });
      const theirs = await t.stores.shares.insert({
        userId: other.id,
        payload: { title: null, text: 'their share', url: null },
        contentHash: `theirs-${target.name}`,
        receivedAt: t.clock.now,
      });
      const res = await t.app.inject({ method: 'DELETE', url: `/api/shares/${theirs.id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('share_not_found');
      expect((await t.stores.shares.get(other.id, theirs.id))?.dismissedAt).toBeNull();
      const notUuid = await t.app.inject({ method: 'DELETE', url: '/api/shares/nope' });
      expect(notUuid.statusCode).toBe(400);
    });

    it('reports health with the database and the parser canaries', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        checks: { database: { ok: true }, parser: { ok: true } },
      });
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    });
  });
}
