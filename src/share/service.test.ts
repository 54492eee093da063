import { describe, expect, it } from 'vitest';
import { fixtureById } from '../../test/fixtures.js';
import { createMemoryStores } from '../../test/support/memory-stores.js';
import { AppError } from '../domain/errors.js';
import type { Trip } from '../domain/trip.js';
import type { MusicSource } from '../music/source.js';
import { demoMusic } from '../music/source.js';
import { createPlaylistService } from '../playlist/service.js';
import {
  contentHash,
  createShareService,
  INLINE_LEASE_MS,
  MAX_RESOLVE_ATTEMPTS,
  nextAttemptDelayMs,
  type ResolveLink,
} from './service.js';

/**
 * The share lifecycle on in-memory stores: fast, and about decisions (store first, dedupe, back off,
 * give up, never lose a share). The same flows run over HTTP on PGlite and Postgres in
 * test/shares-api.test.ts.
 */

const USER = '00000000-0000-4000-8000-0000000000aa';
const tripLink = fixtureById('real-sbb-triplink-jitpack').text ?? '';
const shortLink = fixtureById('c-sbb-short-en-test-string').text ?? '';

function setup(
  options: {
    resolveLink?: ResolveLink;
    music?: MusicSource;
    enrichTrip?: (trip: Trip, options: { now: Date }) => Promise<Trip>;
  } = {},
) {
  const stores = createMemoryStores();
  const clock = { now: new Date('2026-11-24T09:00:00Z') };
  const errors: object[] = [];
  const playlists = createPlaylistService({
    playlists: stores.playlists,
    users: stores.users,
    music: options.music ?? demoMusic(),
    clock: () => clock.now,
  });
  const shares = createShareService({
    stores,
    playlists,
    resolveLink:
      options.resolveLink ??
      (async () => {
        throw new Error('no short links here');
      }),
    clock: () => clock.now,
    log: { warn: () => {}, error: (obj) => errors.push(obj) },
    ...(options.enrichTrip ? { enrichTrip: options.enrichTrip, inlinePlanTimeoutMs: 200 } : {}),
  });
  return { stores, shares, clock, errors };
}

describe('receiving a share', () => {
  it('stores it verbatim, then turns it into a trip and one playlist', async () => {
    const { stores, shares } = setup();
    const result = await shares.receiveShare(USER, { title: 'Trip', text: tripLink, url: null });
    expect(result.duplicate).toBe(false);
    expect(result.share).toMatchObject({ status: 'parsed', title: 'Trip', text: tripLink, url: null });
    expect(result.trip?.trip.origin).toBe('Samedan');
    expect(stores.playlists.rows).toHaveLength(1);
    expect(result.playlist?.tripId).toBe(result.trip?.id);
  });

  it('gives the earlier share back for the same content within 24 hours, and a new one after', async () => {
    const { stores, shares, clock } = setup();
    const payload = { title: null, text: tripLink, url: null };
    const first = await shares.receiveShare(USER, payload);
    clock.now = new Date(clock.now.getTime() + 23 * 3_600_000);
    const again = await shares.receiveShare(USER, payload);
    expect(again).toMatchObject({
      duplicate: true,
      share: { id: first.share.id },
      trip: { id: first.trip?.id },
    });
    clock.now = new Date(clock.now.getTime() + 2 * 3_600_000);
    const later = await shares.receiveShare(USER, payload);
    expect(later.duplicate).toBe(false);
    expect(stores.shares.rows).toHaveLength(2);
  });

  it('keeps a share that is no trip, with its code, and retries it when shared again', async () => {
    const { stores, shares } = setup();
    const payload = { title: null, text: 'see you at the station', url: null };
    const first = await shares.receiveShare(USER, payload);
    expect(first.share).toMatchObject({ status: 'failed', errorCode: 'no_link_found' });
    const again = await shares.receiveShare(USER, payload);
    expect(again).toMatchObject({ duplicate: true, share: { id: first.share.id, status: 'failed' } });
    expect(stores.shares.rows).toHaveLength(1);
  });

  it('keeps the share in `received` when processing throws, then fails it visibly after the last attempt', async () => {
    const broken: MusicSource = { poolFor: () => Promise.reject(new Error('pool down')) };
    const { stores, shares, clock, errors } = setup({ music: broken });
    const result = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    expect(result.share).toMatchObject({ status: 'received', errorCode: 'internal_error', text: tripLink });
    expect(result.share.nextAttemptAt?.getTime()).toBe(clock.now.getTime() + nextAttemptDelayMs(1));
    expect(errors).toHaveLength(1);
    const row = stores.shares.rows[0]!;
    row.attempts = MAX_RESOLVE_ATTEMPTS;
    const last = await shares.processShare({ ...row }, 'worker');
    expect(last.share).toMatchObject({ status: 'failed', errorCode: 'internal_error', nextAttemptAt: null });
  });
});

describe('an exact trip and the timetable', () => {
  it('stores the platforms the timetable adds to an exact SBB trip', async () => {
    const asked: string[] = [];
    const { shares, stores } = setup({
      enrichTrip: async (trip) => {
        asked.push(trip.exactness);
        return { ...trip, legs: trip.legs.map((leg) => ({ ...leg, from: { ...leg.from, platform: '7' } })) };
      },
    });
    const result = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    await shares.settled();
    expect(asked).toEqual(['exact']);
    const stored = await stores.trips.get(USER, result.trip?.id ?? '');
    expect(stored?.trip.legs[0]?.from.platform).toBe('7');
  });

  it('answers at once with the trip as decoded, however long the timetable takes', async () => {
    let answer: (trip: Trip) => void = () => {};
    const { shares, stores } = setup({ enrichTrip: () => new Promise((resolve) => (answer = resolve)) });
    const result = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    expect(result.share.status).toBe('parsed');
    expect(result.trip?.trip.legs[0]?.from.platform ?? null).toBeNull();
    // The timetable answers later: the stored trip gets the platforms then.
    const decoded = result.trip?.trip;
    if (!decoded) throw new Error('no trip');
    answer({ ...decoded, legs: decoded.legs.map((l) => ({ ...l, to: { ...l.to, platform: '3' } })) });
    await shares.settled();
    expect((await stores.trips.get(USER, result.trip?.id ?? ''))?.trip.legs[0]?.to.platform).toBe('3');
  });

  it('keeps the trip as decoded when the timetable fails', async () => {
    const { shares, stores, errors } = setup({
      enrichTrip: async () => Promise.reject(new Error('timetable down')),
    });
    const result = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    await shares.settled();
    expect((await stores.trips.get(USER, result.trip?.id ?? ''))?.trip).toEqual(result.trip?.trip);
    expect(errors).toEqual([]);
  });
});

describe('identical shares at once', () => {
  it('store one share, one trip and one playlist; the others get it back as duplicates', async () => {
    const { stores, shares } = setup();
    const payload = { title: null, text: tripLink, url: null };
    const results = await Promise.all(Array.from({ length: 20 }, () => shares.receiveShare(USER, payload)));
    expect(stores.shares.rows).toHaveLength(1);
    expect(stores.trips.rows).toHaveLength(1);
    expect(stores.playlists.rows).toHaveLength(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(results.map((r) => r.share.id))).toEqual(new Set([stores.shares.rows[0]?.id]));
  });

  it('retry a failed one once: the others find it leased and get its state back', async () => {
    let calls = 0;
    const { stores, shares, clock } = setup({
      resolveLink: async () => {
        calls++;
        throw new AppError('link_expired', 'The short link is unknown or has expired.');
      },
    });
    const payload = { title: null, text: shortLink, url: null };
    expect((await shares.receiveShare(USER, payload)).share.status).toBe('failed');
    expect(calls).toBe(1);
    clock.now = new Date(clock.now.getTime() + 60_000);
    const again = await Promise.all(Array.from({ length: 5 }, () => shares.receiveShare(USER, payload)));
    expect(calls).toBe(2);
    expect(again.every((r) => r.duplicate && r.share.status === 'failed')).toBe(true);
    expect(stores.shares.rows).toHaveLength(1);
    expect(stores.shares.rows[0]?.lockedUntil).toBeNull();
  });
});

describe('retrying under the worker’s lease', () => {
  it('does not process a share the worker holds, and does once the lease is released or expired', async () => {
    let calls = 0;
    const { stores, shares, clock } = setup({
      resolveLink: async () => {
        calls++;
        if (calls === 1) throw new AppError('resolution_failed', 'The short-link host did not answer.');
        return tripLink;
      },
    });
    const first = await shares.receiveShare(USER, { title: null, text: shortLink, url: null });
    expect(first.share.status).toBe('needs_resolution');
    // The worker claims it and is still fetching the short link.
    clock.now = new Date(clock.now.getTime() + 120_000);
    const [held] = await stores.shares.claimDue(clock.now, 10, 5 * 60_000);
    expect(held?.id).toBe(first.share.id);
    const during = await shares.retryShare(USER, first.share.id);
    expect(during?.share).toMatchObject({ id: first.share.id, status: 'needs_resolution' });
    expect(calls).toBe(1);
    expect(stores.trips.rows).toHaveLength(0);
    // The worker died: once its lease has run out, a retry processes the share (and releases it).
    clock.now = new Date(clock.now.getTime() + 5 * 60_000 + 1);
    const after = await shares.retryShare(USER, first.share.id);
    expect(after?.share).toMatchObject({ status: 'parsed', lockedUntil: null });
    expect(calls).toBe(2);
    expect(stores.trips.rows).toHaveLength(1);
  });

  it('leases a new share while it is processed inline, and releases it when done', async () => {
    const { stores, shares, clock } = setup({
      resolveLink: async () => {
        // While the traveller waits, neither the worker nor a retry can take the share.
        const row = stores.shares.rows[0]!;
        expect(row.lockedUntil?.getTime()).toBe(clock.now.getTime() + INLINE_LEASE_MS);
        expect(await stores.shares.claimOne(row.id, clock.now, INLINE_LEASE_MS)).toBeUndefined();
        return tripLink;
      },
    });
    const result = await shares.receiveShare(USER, { title: null, text: shortLink, url: null });
    expect(result.share).toMatchObject({ status: 'parsed', lockedUntil: null });
  });
});

describe('short links', () => {
  it('parses what the short link leads to', async () => {
    const { shares } = setup({ resolveLink: async () => tripLink });
    const result = await shares.receiveShare(USER, { title: null, text: shortLink, url: null });
    expect(result.share.status).toBe('parsed');
    expect(result.trip?.trip.destination).toBe('Bern, Cäcilienstrasse');
  });

  it('waits with a back-off when the host does not answer, and gives up after the last attempt', async () => {
    const { stores, shares, clock } = setup({
      resolveLink: async () => {
        throw new AppError('resolution_failed', 'The short-link host did not answer.');
      },
    });
    const result = await shares.receiveShare(USER, { title: null, text: shortLink, url: null });
    expect(result.share).toMatchObject({ status: 'needs_resolution', errorCode: 'resolution_failed' });
    expect(result.share.nextAttemptAt?.getTime()).toBe(clock.now.getTime() + nextAttemptDelayMs(1));
    const row = stores.shares.rows[0]!;
    const last = await shares.processShare({ ...row, attempts: MAX_RESOLVE_ATTEMPTS }, 'worker');
    expect(last.share).toMatchObject({ status: 'failed', errorCode: 'resolution_failed' });
    expect(last.share.resolution).toEqual({ kind: 'short_link', link: expect.any(String) });
  });

  it('fails at once on an expired link, and on a short link that leads to another short link', async () => {
    const expired = setup({
      resolveLink: async () => {
        throw new AppError('link_expired', 'The short link is unknown or has expired.');
      },
    });
    expect(
      (await expired.shares.receiveShare(USER, { title: null, text: shortLink, url: null })).share,
    ).toMatchObject({ status: 'failed', errorCode: 'link_expired' });
    const loop = setup({ resolveLink: async () => shortLink });
    expect(
      (await loop.shares.receiveShare(USER, { title: null, text: shortLink, url: null })).share,
    ).toMatchObject({
      status: 'failed',
      errorCode: 'resolution_failed',
    });
  });
});

describe('processing again', () => {
  it('keeps the existing trip and playlist instead of making new ones', async () => {
    const { stores, shares } = setup();
    const first = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    const row = stores.shares.rows[0]!;
    const again = await shares.processShare({ ...row }, 'worker');
    expect(again.trip?.id).toBe(first.trip?.id);
    expect(stores.trips.rows).toHaveLength(1);
    expect(stores.playlists.rows).toHaveLength(1);
    expect((await shares.retryShare(USER, first.share.id))?.share.status).toBe('parsed');
  });

  it("never hands out another traveller's share", async () => {
    const { shares } = setup();
    const first = await shares.receiveShare(USER, { title: null, text: tripLink, url: null });
    expect(await shares.retryShare('00000000-0000-4000-8000-0000000000bb', first.share.id)).toBeUndefined();
  });

  it('hashes title, text and url apart, so moving text between fields is another share', () => {
    expect(contentHash({ title: 'a', text: null, url: null })).not.toBe(
      contentHash({ title: null, text: 'a', url: null }),
    );
  });
});
