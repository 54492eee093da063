import { randomUUID } from 'node:crypto';
import type { PlaylistRow, PlaylistStore } from '../../src/db/playlists.js';
import { receivedShareRow, type ShareRow, type ShareStore } from '../../src/db/shares.js';
import type { TripRow, TripStore } from '../../src/db/trips.js';
import type { Preferences, User, UserStore } from '../../src/db/users.js';
import { LOCAL_USER_ID } from '../../src/db/users.js';

/**
 * The stores' contracts kept in memory, for fast unit tests of the services. They follow the SQL
 * stores' semantics (scoping by user, newest first, leases); `test/shares-api.test.ts` and the
 * integration tests run the same flows on PGlite and Postgres.
 */
export interface MemoryStores {
  shares: ShareStore & { rows: ShareRow[] };
  trips: TripStore & { rows: TripRow[] };
  playlists: PlaylistStore & { rows: PlaylistRow[] };
  users: UserStore;
}

const newestFirst = <T>(rows: T[], at: (row: T) => Date) =>
  [...rows].sort((a, b) => at(b).getTime() - at(a).getTime());

export function createMemoryStores(): MemoryStores {
  const shareRows: ShareRow[] = [];
  /** `share_keys`: the current share of each (user, content hash). */
  const shareKeys = new Map<string, { shareId: string; receivedAt: Date }>();
  const tripRows: TripRow[] = [];
  const playlistRows: PlaylistRow[] = [];
  const users = new Map<string, User>();
  const prefs = new Map<string, Preferences>();

  const shares: MemoryStores['shares'] = {
    rows: shareRows,
    async insert(input) {
      const row = receivedShareRow(input);
      shareRows.push(row);
      return { ...row };
    },
    async receive(input, windowStart, leaseMs) {
      // No await between reading the key and taking it: atomic, as the SQL store's transaction is.
      const key = `${input.userId}\u0000${input.contentHash}`;
      const current = shareKeys.get(key);
      if (current && current.receivedAt >= windowStart) {
        const existing = shareRows.find((s) => s.id === current.shareId);
        if (!existing) throw new Error('a share key was taken but cannot be read');
        return { share: { ...existing }, duplicate: true };
      }
      const row = receivedShareRow(input);
      row.lockedUntil = new Date(input.receivedAt.getTime() + leaseMs);
      shareRows.push(row);
      shareKeys.set(key, { shareId: row.id, receivedAt: row.receivedAt });
      return { share: { ...row }, duplicate: false };
    },
    async get(userId, id) {
      const row = shareRows.find((s) => s.id === id && s.userId === userId);
      return row && { ...row };
    },
    async list(userId, limit = 50) {
      return newestFirst(
        shareRows.filter((s) => s.userId === userId && s.dismissedAt === null),
        (s) => s.receivedAt,
      )
        .slice(0, limit)
        .map((s) => ({ ...s }));
    },
    async setDismissed(userId, id, at) {
      const row = shareRows.find((s) => s.id === id && s.userId === userId);
      if (!row) return undefined;
      row.dismissedAt = at ? (row.dismissedAt ?? at) : null;
      return { ...row };
    },
    async update(id, update, now) {
      const row = shareRows.find((s) => s.id === id);
      if (!row) return;
      Object.assign(row, {
        status: update.status,
        errorCode: update.errorCode ?? null,
        errorMessage: update.errorMessage ?? null,
        resolution: update.resolution ?? null,
        nextAttemptAt: update.nextAttemptAt ?? null,
        lockedUntil: null,
        ...(update.parserVersion ? { parserVersion: update.parserVersion } : {}),
        updatedAt: now,
      });
      return { ...row };
    },
    async claimDue(now, limit, leaseMs) {
      const staleReceived = now.getTime() - 60_000;
      const due = shareRows
        .filter(
          (s) =>
            ((s.status === 'needs_resolution' &&
              (s.resolution?.kind === 'short_link' || s.resolution?.kind === 'timetable_query')) ||
              (s.status === 'received' && s.receivedAt.getTime() < staleReceived)) &&
            (s.nextAttemptAt === null || s.nextAttemptAt <= now) &&
            (s.lockedUntil === null || s.lockedUntil < now),
        )
        .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
        .slice(0, limit);
      for (const s of due) {
        s.lockedUntil = new Date(now.getTime() + leaseMs);
        s.attempts++;
      }
      return due.map((s) => ({ ...s }));
    },
    async claimOne(id, now, leaseMs) {
      const row = shareRows.find((s) => s.id === id);
      if (!row || (row.lockedUntil !== null && row.lockedUntil >= now)) return undefined;
      row.lockedUntil = new Date(now.getTime() + leaseMs);
      return { ...row };
    },
    async listFailed(limit = 1000) {
      return shareRows
        .filter((s) => s.status === 'failed')
        .slice(0, limit)
        .map((s) => ({ ...s }));
    },
  };

  const trips: MemoryStores['trips'] = {
    rows: tripRows,
    async insert(input) {
      if (input.shareId && tripRows.some((t) => t.shareId === input.shareId)) {
        throw new Error('duplicate key value violates unique constraint "trips_share_idx"');
      }
      const row: TripRow = {
        id: randomUUID(),
        userId: input.userId,
        shareId: input.shareId,
        trip: input.trip,
        source: input.trip.source,
        exactness: input.trip.exactness,
        origin: input.trip.origin,
        destination: input.trip.destination,
        departure: new Date(input.trip.departure),
        arrival: new Date(input.trip.arrival),
        durationSeconds: input.trip.durationSeconds,
        createdAt: new Date(),
        updatedAt: new Date(),
      };
      tripRows.push(row);
      return row;
    },
    async insertForShare(input, recentPlaylists) {
      const existing = tripRows.find((t) => t.shareId === input.shareId);
      const row = existing ?? (await trips.insert(input));
      const context = prefs.has(input.userId)
        ? await userStore.fitContext(input.userId, recentPlaylists)
        : undefined;
      return { row, created: !existing, context };
    },
    async get(userId, id) {
      return tripRows.find((t) => t.id === id && t.userId === userId);
    },
    async getWithPlaylist(userId, id) {
      const trip = tripRows.find((t) => t.id === id && t.userId === userId);
      return trip ? { trip, playlist: playlistRows.find((p) => p.tripId === trip.id) } : undefined;
    },
    async findByShare(shareId) {
      return tripRows.find((t) => t.shareId === shareId);
    },
    async list(userId, limit = 50) {
      return newestFirst(
        tripRows.filter((t) => t.userId === userId),
        (t) => t.departure,
      ).slice(0, limit);
    },
    async delete(userId, id) {
      const at = tripRows.findIndex((t) => t.id === id && t.userId === userId);
      if (at < 0) return false;
      const [trip] = tripRows.splice(at, 1);
      for (let i = playlistRows.length - 1; i >= 0; i--)
        if (playlistRows[i]?.tripId === id) playlistRows.splice(i, 1);
      const share = shareRows.findIndex((s) => s.id === trip?.shareId);
      if (share >= 0) shareRows.splice(share, 1);
      return true;
    },
    async underWay(window, limit = 500) {
      return tripRows
        .filter((t) => t.departure <= window.until && t.arrival >= window.since)
        .sort((a, b) => a.departure.getTime() - b.departure.getTime())
        .slice(0, limit);
    },
    async updateTrip(id, trip) {
      const row = tripRows.find((t) => t.id === id);
      if (!row) throw new Error(`trip ${id} vanished`);
      row.trip = trip;
      row.updatedAt = new Date();
      return row;
    },
    async versionOf(userId, id) {
      const trip = tripRows.find((t) => t.id === id && t.userId === userId);
      if (!trip) return undefined;
      const p = playlistRows.find((x) => x.tripId === id);
      return JSON.stringify([trip.updatedAt, p?.updatedAt, p?.syncStatus, p?.syncError, p?.externalUrl]);
    },
  };

  let playlistClock = 0;
  const playlists: MemoryStores['playlists'] = {
    rows: playlistRows,
    async insertOnce(input) {
      const existing = playlistRows.find((p) => p.tripId === input.tripId);
      if (existing) return { row: existing, created: false, ownerLocale: null };
      // A strictly increasing creation time keeps "latest" well defined within one millisecond.
      const createdAt = new Date(Date.UTC(2026, 0, 1) + ++playlistClock);
      const row = {
        id: randomUUID(),
        externalId: null,
        externalUrl: null,
        syncStatus: 'local',
        syncError: null,
        syncLockedUntil: null,
        syncedAt: null,
        createdAt,
        updatedAt: createdAt,
        ...input,
      } as PlaylistRow;
      playlistRows.push(row);
      return { row, created: true, ownerLocale: users.get(row.userId)?.locale ?? null };
    },
    async latestForTrip(tripId) {
      return playlistRows.find((p) => p.tripId === tripId);
    },
    async replaceFit(id, fit, now) {
      const row = playlistRows.find((p) => p.id === id);
      if (!row) throw new Error('playlist vanished during a re-fit');
      Object.assign(row, fit, {
        updatedAt: now,
        syncStatus: fit.provider === 'spotify' ? 'pending' : 'local',
      });
      return row;
    },
    async claimSync(id, now, leaseMs) {
      const row = playlistRows.find(
        (p) =>
          p.id === id &&
          (p.syncStatus === 'pending' || p.syncStatus === 'failed') &&
          (p.syncLockedUntil === null || p.syncLockedUntil < now),
      );
      if (!row) return undefined;
      row.syncLockedUntil = new Date(now.getTime() + leaseMs);
      return { ...row, ownerLocale: users.get(row.userId)?.locale ?? null };
    },
    async setExternal(id, externalId, externalUrl) {
      const row = playlistRows.find((p) => p.id === id);
      if (row) Object.assign(row, { externalId, externalUrl });
    },
    async listDueSyncs(now, limit) {
      return playlistRows
        .filter(
          (p) =>
            (p.syncStatus === 'pending' || p.syncStatus === 'failed') &&
            (p.syncLockedUntil === null || p.syncLockedUntil < now),
        )
        .slice(0, limit);
    },
    async finishSync(id, outcome, claimedAt, now) {
      const row = playlistRows.find((p) => p.id === id);
      if (!row) return undefined;
      if ('error' in outcome)
        Object.assign(row, { syncStatus: 'failed', syncError: outcome.error, syncLockedUntil: null });
      else
        Object.assign(row, {
          ...outcome,
          syncStatus: row.updatedAt > claimedAt ? 'pending' : 'synced',
          syncError: null,
          syncedAt: now,
          syncLockedUntil: null,
        });
      return row;
    },
  };

  const userStore: UserStore = {
    async ensureLocalUser() {
      const user = users.get(LOCAL_USER_ID) ?? {
        id: LOCAL_USER_ID,
        displayName: 'Local traveller',
        locale: 'en',
        spotifyId: null,
        createdAt: new Date(),
      };
      users.set(user.id, user);
      return user;
    },
    async find(id) {
      return users.get(id);
    },
    async upsertBySpotifyId(input) {
      const existing = [...users.values()].find((u) => u.spotifyId === input.spotifyId);
      if (existing)
        return { user: Object.assign(existing, { displayName: input.displayName }), created: false };
      const user: User = { id: randomUUID(), createdAt: new Date(), ...input };
      users.set(user.id, user);
      return { user, created: true };
    },
    async preferences(userId) {
      const existing = prefs.get(userId);
      if (existing) return existing;
      const created: Preferences = {
        userId,
        maxTracksPerArtistPerHour: 2,
        allowExplicit: true,
        musicSource: 'demo',
        reminderMinutesBefore: 10,
        crossfadeSeconds: 0,
        leadInMinutes: 0,
        spotifyTopTracks: true,
        spotifySavedTracks: true,
        spotifyPlaylistIds: [],
        spotifyGenres: [],
        updatedAt: new Date(),
      };
      prefs.set(userId, created);
      return created;
    },
    async fitContext(userId, recentPlaylists) {
      return {
        preferences: await userStore.preferences(userId),
        recentTrackIds: new Set(
          newestFirst(
            playlistRows.filter((p) => p.userId === userId),
            (p) => p.createdAt,
          )
            .slice(0, recentPlaylists)
            .flatMap((p) => p.tracks.map((t) => t.id)),
        ),
      };
    },
    async updatePreferences(userId, changes) {
      const updated = { ...(await userStore.preferences(userId)), ...changes, updatedAt: new Date() };
      prefs.set(userId, updated);
      return updated;
    },
    // Only the tables kept here; the SQL store's tests cover the rest (`test/account-data.test.ts`).
    async dataOf(userId) {
      const user = users.get(userId);
      if (!user) return undefined;
      const own = <T extends { userId: string }>(rows: T[]) => rows.filter((r) => r.userId === userId);
      return {
        user,
        preferences: prefs.get(userId) ?? null,
        shares: own(shareRows),
        trips: own(tripRows),
        playlists: own(playlistRows),
        musicConnections: [],
        reminders: [],
      };
    },
    async deleteAccount(userId) {
      if (!users.delete(userId)) return undefined;
      const drop = <T extends { userId: string }>(rows: T[]) => {
        const before = rows.length;
        rows.splice(0, rows.length, ...rows.filter((r) => r.userId !== userId));
        return before - rows.length;
      };
      const spotifyPlaylistUrls = playlistRows
        .filter((p) => p.userId === userId && p.provider === 'spotify' && p.externalUrl)
        .map((p) => p.externalUrl as string);
      let keys = 0;
      for (const key of [...shareKeys.keys()])
        if (key.startsWith(`${userId}\u0000`)) {
          shareKeys.delete(key);
          keys += 1;
        }
      const hadPrefs = prefs.delete(userId) ? 1 : 0;
      return {
        deleted: {
          users: 1,
          shares: drop(shareRows),
          shareKeys: keys,
          trips: drop(tripRows),
          playlists: drop(playlistRows),
          musicAccounts: 0,
          cachedPools: 0,
          sessions: 0,
          preferences: hadPrefs,
          pushSubscriptions: 0,
          reminders: 0,
        },
        sessionIds: [],
        spotifyPlaylistUrls,
      };
    },
  };

  return { shares, trips, playlists, users: userStore };
}
