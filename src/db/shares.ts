import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { SharePayload } from '../links/types.js';
import { claimByLease } from './claim.js';
import type { Database } from './client.js';
import { type ShareStatus, shares } from './schema.js';
import { storable } from './storable.js';

export type ShareRow = typeof shares.$inferSelect;

export interface NewShare {
  userId: string;
  payload: SharePayload;
  contentHash: string;
  receivedAt: Date;
}

export interface ShareUpdate {
  status: ShareStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
  resolution?: Record<string, unknown> | null;
  nextAttemptAt?: Date | null;
  parserVersion?: string;
}

/** Everything the app reads and writes about shares; the only place with their SQL. */
export interface ShareStore {
  insert(input: NewShare): Promise<ShareRow>;
  /** The user's latest share of the same content received at or after `since`. */
  findRecentDuplicate(userId: string, contentHash: string, since: Date): Promise<ShareRow | undefined>;
  get(userId: string, id: string): Promise<ShareRow | undefined>;
  list(userId: string, limit?: number): Promise<ShareRow[]>;
  /** Records an outcome and releases the worker's lease. */
  update(id: string, update: ShareUpdate, now: Date): Promise<void>;
  /**
   * Claims shares the parse worker should work on: short links still to be fetched, and shares stuck
   * in `received` (the process died between storing and parsing, or processing failed and backs off).
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ShareRow[]>;
  listFailed(limit?: number): Promise<ShareRow[]>;
}

export function createShareStore(db: Database): ShareStore {
  return {
    async insert(input) {
      const [row] = await db
        .insert(shares)
        .values({
          userId: input.userId,
          title: input.payload.title,
          text: input.payload.text,
          url: input.payload.url,
          contentHash: input.contentHash,
          receivedAt: input.receivedAt,
          updatedAt: input.receivedAt,
        })
        .returning();
      if (!row) throw new Error('insert into shares returned nothing');
      return row;
    },

    async findRecentDuplicate(userId, contentHash, since) {
      const [row] = await db
        .select()
        .from(shares)
        .where(
          and(eq(shares.userId, userId), eq(shares.contentHash, contentHash), gte(shares.receivedAt, since)),
        )
        .orderBy(desc(shares.receivedAt))
        .limit(1);
      return row;
    },

    async get(userId, id) {
      const [row] = await db
        .select()
        .from(shares)
        .where(and(eq(shares.id, id), eq(shares.userId, userId)));
      return row;
    },

    list(userId, limit = 50) {
      return db
        .select()
        .from(shares)
        .where(eq(shares.userId, userId))
        .orderBy(desc(shares.receivedAt))
        .limit(limit);
    },

    async update(id, update, now) {
      await db
        .update(shares)
        .set({
          status: update.status,
          errorCode: update.errorCode ?? null,
          errorMessage: storable(update.errorMessage ?? null),
          resolution: storable(update.resolution ?? null),
          nextAttemptAt: update.nextAttemptAt ?? null,
          lockedUntil: null,
          ...(update.parserVersion ? { parserVersion: update.parserVersion } : {}),
          updatedAt: now,
        })
        .where(eq(shares.id, id));
    },

    async claimDue(now, limit, leaseMs) {
      const staleReceived = new Date(now.getTime() - 60_000).toISOString();
      const ids = await claimByLease(db, shares, {
        due: sql`(
            (status = 'needs_resolution' and resolution->>'kind' = 'short_link')
            or (status = 'received' and received_at < ${staleReceived})
          )
          and (next_attempt_at is null or next_attempt_at <= ${now.toISOString()})`,
        orderBy: sql`received_at`,
        now,
        leaseMs,
        limit,
      });
      if (ids.length === 0) return [];
      return db.select().from(shares).where(inArray(shares.id, ids)).orderBy(shares.receivedAt);
    },

    listFailed(limit = 1000) {
      return db
        .select()
        .from(shares)
        .where(eq(shares.status, 'failed'))
        .orderBy(shares.receivedAt)
        .limit(limit);
    },
  };
}
