import { and, eq, sql } from 'drizzle-orm';
import type { CatalogTrack } from '../domain/playlist.js';
import type { Database } from './client.js';
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
  tracks: CatalogTrack[];
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
  cachedPool(userId: string, provider: MusicProviderName): Promise<CachedPool | undefined>;
  storePool(userId: string, provider: MusicProviderName, pool: CachedPool): Promise<void>;
  dropPool(userId: string, provider: MusicProviderName): Promise<void>;
}

export function createMusicAccountStore(db: Database): MusicAccountStore {
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
      const [row] = await db
        .select()
        .from(musicAccounts)
        .where(and(eq(musicAccounts.userId, userId), eq(musicAccounts.provider, provider)));
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

    async cachedPool(userId, provider) {
      const [row] = await db
        .select()
        .from(musicPools)
        .where(and(eq(musicPools.userId, userId), eq(musicPools.provider, provider)));
      return (
        row && {
          tracks: row.tracks,
          fetchedAt: row.fetchedAt,
          expiresAt: row.expiresAt,
          apiCalls: row.apiCalls,
        }
      );
    },

    async storePool(userId, provider, pool) {
      const values = { userId, provider, ...pool, tracks: storable(pool.tracks) };
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
    },

    async dropPool(userId, provider) {
      await db
        .delete(musicPools)
        .where(and(eq(musicPools.userId, userId), eq(musicPools.provider, provider)));
    },
  };
}
