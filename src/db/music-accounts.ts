import { and, eq, sql } from 'drizzle-orm';
import type { CatalogTrack } from '../domain/playlist.js';
import type { Database } from './client.js';
import { type StatementName, statementNames } from './prepared.js';
import { musicAccounts, musicPools } from './schema.js';
import { storable } from './storable.js';

export type MusicAccountRow = typeof musicAccounts.$inferSelect;
export type MusicProviderName = MusicAccountRow['provider'];

export interface MusicAccountInput {
  userId: string;
  provider: MusicProviderName;
  accountId: string;
  /** Sealed by the token cipher; this store never sees a plain token. */
  accessToken: string;
  refreshToken: string;
  keyId: string;
  accessExpiresAt: Date;
  scopes: string[];
  consentedAt: Date;
}

export interface CachedPool {
  /** Shared by every reader of this pool version: never changed after it was stored or read. */
  tracks: readonly CatalogTrack[];
  fetchedAt: Date;
  expiresAt: Date;
  apiCalls: number;
}

/** A user's connection to a music service (tokens sealed) and the cached pool of their tracks. */
export interface MusicAccountStore {
  /** A new consent: fresh tokens, connected again. */
  connect(input: MusicAccountInput, now: Date): Promise<MusicAccountRow>;
  get(userId: string, provider: MusicProviderName): Promise<MusicAccountRow | undefined>;
  /** After a refresh; a refresh token is replaced only when the service sent a new one. */
  updateTokens(
    userId: string,
    provider: MusicProviderName,
    tokens: { accessToken: string; refreshToken?: string; keyId: string; accessExpiresAt: Date },
    now: Date,
  ): Promise<void>;
  markReconnectRequired(
    userId: string,
    provider: MusicProviderName,
    reason: string,
    now: Date,
  ): Promise<void>;
  /**
   * The connection's state and its cached pool, in one read when this process has that pool version
   * already (every share asks both). `account` undefined: not connected.
   */
  poolOf(
    userId: string,
    provider: MusicProviderName,
  ): Promise<{
    account: Pick<MusicAccountRow, 'status' | 'statusReason' | 'accessToken' | 'accessExpiresAt'> | undefined;
    pool: CachedPool | undefined;
  }>;
  storePool(userId: string, provider: MusicProviderName, pool: CachedPool): Promise<void>;
  dropPool(userId: string, provider: MusicProviderName): Promise<void>;
}

/**
 * Pools read from the database are kept in this process by version (`fetched_at`), up to this many
 * tracks in all (about 20 MB): a share then asks Postgres only for the version, not for the pool's
 * jsonb, and gets back the very array it had, which the fit runner's prepared pools know by identity.
 */
const KEPT_POOL_TRACKS = 100_000;

export function createMusicAccountStore(
  db: Database,
  options: { statementName?: StatementName } = {},
): MusicAccountStore {
  const name = options.statementName ?? statementNames(false);
  const ofUser = and(
    eq(musicPools.userId, sql.placeholder('userId')),
    eq(musicPools.provider, sql.placeholder('provider')),
  );
  const ofAccount = and(
    eq(musicAccounts.userId, sql.placeholder('userId')),
    eq(musicAccounts.provider, sql.placeholder('provider')),
  );
  const accountOf = db.select().from(musicAccounts).where(ofAccount).prepare(name('music_account'));
  const accountAndPoolVersion = db
    .select({
      status: musicAccounts.status,
      statusReason: musicAccounts.statusReason,
      // Sealed as stored: the playlist is written right after the fit, with this token while it lasts.
      accessToken: musicAccounts.accessToken,
      accessExpiresAt: musicAccounts.accessExpiresAt,
      fetchedAt: musicPools.fetchedAt,
      expiresAt: musicPools.expiresAt,
      apiCalls: musicPools.apiCalls,
    })
    .from(musicAccounts)
    .leftJoin(
      musicPools,
      and(eq(musicPools.userId, musicAccounts.userId), eq(musicPools.provider, musicAccounts.provider)),
    )
    .where(ofAccount)
    .prepare(name('music_account_pool_version'));
  const poolRow = db.select().from(musicPools).where(ofUser).prepare(name('music_pool'));
  // Most recently used last; `keptTracks` counts the tracks of every kept pool.
  const kept = new Map<string, { fetchedAt: number; tracks: readonly CatalogTrack[] }>();
  let keptTracks = 0;
  const keep = (key: string, fetchedAt: Date, tracks: readonly CatalogTrack[]) => {
    const old = kept.get(key);
    if (old) keptTracks -= old.tracks.length;
    kept.delete(key);
    if (tracks.length > KEPT_POOL_TRACKS) return;
    kept.set(key, { fetchedAt: fetchedAt.getTime(), tracks });
    keptTracks += tracks.length;
    for (const [oldest, entry] of kept) {
      if (keptTracks <= KEPT_POOL_TRACKS) break;
      kept.delete(oldest);
      keptTracks -= entry.tracks.length;
    }
  };
  return {
    async connect(input, now) {
      const values = { ...input, status: 'connected' as const, statusReason: null, updatedAt: now };
      const [row] = await db
        .insert(musicAccounts)
        .values(values)
        .onConflictDoUpdate({ target: [musicAccounts.userId, musicAccounts.provider], set: values })
        .returning();
      if (!row) throw new Error('upsert into music_accounts returned nothing');
      return row;
    },

    async get(userId, provider) {
      const [row] = await accountOf.execute({ userId, provider });
      return row;
    },

    async updateTokens(userId, provider, tokens, now) {
      await db
        .update(musicAccounts)
        .set({
          accessToken: tokens.accessToken,
          keyId: tokens.keyId,
          accessExpiresAt: tokens.accessExpiresAt,
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
          updatedAt: now,
        })
        .where(and(eq(musicAccounts.userId, userId), eq(musicAccounts.provider, provider)));
    },

    async markReconnectRequired(userId, provider, reason, now) {
      await db
        .update(musicAccounts)
        .set({ status: 'reconnect_required', statusReason: reason, updatedAt: now })
        .where(and(eq(musicAccounts.userId, userId), eq(musicAccounts.provider, provider)));
    },

    async poolOf(userId, provider) {
      const [row] = await accountAndPoolVersion.execute({ userId, provider });
      if (!row) return { account: undefined, pool: undefined };
      const account = {
        status: row.status,
        statusReason: row.statusReason,
        accessToken: row.accessToken,
        accessExpiresAt: row.accessExpiresAt,
      };
      if (!row.fetchedAt || !row.expiresAt || row.apiCalls === null) return { account, pool: undefined };
      const key = `${userId}|${provider}`;
      const mine = kept.get(key);
      if (mine?.fetchedAt === row.fetchedAt.getTime()) {
        keep(key, row.fetchedAt, mine.tracks);
        const version = { fetchedAt: row.fetchedAt, expiresAt: row.expiresAt, apiCalls: row.apiCalls };
        return { account, pool: { ...version, tracks: mine.tracks } };
      }
      // New to this process (or replaced since): its tracks, once per version.
      const [stored] = await poolRow.execute({ userId, provider });
      if (!stored) return { account, pool: undefined };
      keep(key, stored.fetchedAt, stored.tracks);
      const { tracks, fetchedAt, expiresAt, apiCalls } = stored;
      return { account, pool: { tracks, fetchedAt, expiresAt, apiCalls } };
    },

    async storePool(userId, provider, pool) {
      const values = { userId, provider, ...pool, tracks: storable(pool.tracks as CatalogTrack[]) };
      await db
        .insert(musicPools)
        .values(values)
        .onConflictDoUpdate({
          target: [musicPools.userId, musicPools.provider],
          set: {
            tracks: sql`excluded.tracks`,
            fetchedAt: pool.fetchedAt,
            expiresAt: pool.expiresAt,
            apiCalls: pool.apiCalls,
          },
        });
      keep(`${userId}|${provider}`, pool.fetchedAt, values.tracks);
    },

    async dropPool(userId, provider) {
      const key = `${userId}|${provider}`;
      keptTracks -= kept.get(key)?.tracks.length ?? 0;
      kept.delete(key);
      await db
        .delete(musicPools)
        .where(and(eq(musicPools.userId, userId), eq(musicPools.provider, provider)));
    },
  };
}
