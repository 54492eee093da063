import { randomUUID } from 'node:crypto';
import { and, desc, eq, getTableColumns, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { shareFamily } from '../links/family.js';
import type { SharePayload } from '../links/types.js';
import { claimByLease } from './claim.js';
import type { Database } from './client.js';
import { type StatementName, setTo, statementNames } from './prepared.js';
import { type ShareStatus, shareKeys, shares } from './schema.js';
import { storable } from './storable.js';

export type ShareRow = typeof shares.$inferSelect;

export interface NewShare {
  userId: string;
  payload: SharePayload;
  contentHash: string;
  receivedAt: Date;
}

export interface ReceivedShare {
  share: ShareRow;
  /** The same content was shared within the window: `share` is that earlier share, nothing was stored. */
  duplicate: boolean;
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
  /** Stores a share without taking its de-duplication key (imports, tests). */
  insert(input: NewShare): Promise<ShareRow>;
  /**
   * Stores the share and takes its key `(user, content hash)` atomically, unless the key's current
   * share was received at or after `windowStart`: then that share comes back as a duplicate and
   * nothing is stored. Of concurrent identical calls exactly one stores its share. The stored share
   * is leased to its caller for `leaseMs` (processed inline; the worker leaves it alone meanwhile).
   */
  receive(input: NewShare, windowStart: Date, leaseMs: number): Promise<ReceivedShare>;
  get(userId: string, id: string): Promise<ShareRow | undefined>;
  /** The user's shares, newest first, without those they dismissed. */
  list(userId: string, limit?: number): Promise<ShareRow[]>;
  /**
   * Takes the user's share off their list (`at`: when; a second dismissal keeps the first time) or
   * puts it back (`null`). The row is never deleted. Undefined when the user has no such share.
   */
  setDismissed(userId: string, id: string, at: Date | null): Promise<ShareRow | undefined>;
  /** Records an outcome and releases the worker's lease; the share as it is now (undefined: gone). */
  update(id: string, update: ShareUpdate, now: Date): Promise<ShareRow | undefined>;
  /**
   * Claims shares the parse worker should work on: short links still to be fetched, and shares stuck
   * in `received` (the process died between storing and parsing, or processing failed and backs off).
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<ShareRow[]>;
  /**
   * Leases one share for `leaseMs` (a retry by its user) under the same rule as `claimDue`: only when
   * no lease is held (`locked_until` null or past). Undefined when someone else holds it. Unlike the
   * worker's claims it does not count as an attempt (attempts pace the worker's back-off).
   */
  claimOne(id: string, now: Date, leaseMs: number): Promise<ShareRow | undefined>;
  listFailed(limit?: number): Promise<ShareRow[]>;
}

/**
 * The row of a share as received: the payload verbatim, its family (pure, from the payload, for
 * analytics), nothing done yet. The one definition, for this store and the tests' in-memory one.
 */
export const receivedShareRow = (input: NewShare): ShareRow => ({
  id: randomUUID(),
  userId: input.userId,
  title: input.payload.title,
  text: input.payload.text,
  url: input.payload.url,
  contentHash: input.contentHash,
  status: 'received',
  errorCode: null,
  errorMessage: null,
  resolution: null,
  attempts: 0,
  nextAttemptAt: null,
  lockedUntil: null,
  parserVersion: null,
  family: shareFamily(input.payload),
  dismissedAt: null,
  receivedAt: input.receivedAt,
  updatedAt: input.receivedAt,
});

export function createShareStore(db: Database, options: { statementName?: StatementName } = {}): ShareStore {
  const name = options.statementName ?? statementNames(false);
  // Every share ends with an outcome: built once (`prepared.ts`), the parser version kept when not given.
  const recordOutcome = db
    .update(shares)
    .set({
      status: setTo('status'),
      errorCode: setTo('errorCode'),
      errorMessage: setTo('errorMessage'),
      resolution: sql`${sql.placeholder('resolution')}::jsonb`,
      nextAttemptAt: setTo('nextAttemptAt'),
      lockedUntil: null,
      parserVersion: sql`coalesce(${sql.placeholder('parserVersion')}, ${shares.parserVersion})`,
      updatedAt: setTo('now'),
    })
    .where(eq(shares.id, sql.placeholder('id')))
    .returning()
    .prepare(name('share_outcome'));
  // Takes the key and stores the share in one statement (`receive`): the key is inserted (or moved
  // to this share once the old one is out of the window) in a CTE, and the share only if that
  // returned a row. Postgres checks the key's foreign key at the end of the statement, so the key
  // may name the share before it exists. An insert-select must list every column in table order:
  // each is a typed placeholder, filled from a whole row of values.
  const key = db.$with('key').as(
    db
      .insert(shareKeys)
      .values({
        userId: sql.placeholder('userId'),
        contentHash: sql.placeholder('contentHash'),
        shareId: sql.placeholder('id'),
        receivedAt: sql.placeholder('receivedAt'),
      })
      .onConflictDoUpdate({
        target: [shareKeys.userId, shareKeys.contentHash],
        set: { shareId: sql`excluded.share_id`, receivedAt: sql`excluded.received_at` },
        setWhere: sql`${shareKeys.receivedAt} < ${sql.placeholder('windowStart')}`,
      })
      .returning({ shareId: shareKeys.shareId }),
  );
  const columns = Object.entries(getTableColumns(shares));
  const typedPlaceholders = Object.fromEntries(
    columns.map(([field, column]) => [
      field,
      sql`${sql.placeholder(field)}::${sql.raw(column.getSQLType())}`.as(column.name),
    ]),
  ) as Record<keyof ShareRow, SQL.Aliased>;
  const receiveOnce = db
    .with(key)
    .insert(shares)
    .select((qb) => qb.select(typedPlaceholders).from(key))
    .returning()
    .prepare(name('share_receive'));
  return {
    async insert(input) {
      const [row] = await db.insert(shares).values(receivedShareRow(input)).returning();
      if (!row) throw new Error('insert into shares returned nothing');
      return row;
    },

    async receive(input, windowStart, leaseMs) {
      const row = {
        ...receivedShareRow(input),
        lockedUntil: new Date(input.receivedAt.getTime() + leaseMs),
      };
      const [stored] = await receiveOnce.execute({ ...row, windowStart });
      if (stored) return { share: stored, duplicate: false };
      // Lost: the key's share is received inside the window (a concurrent identical share waited
      // on the key until that one committed, then found it there).
      const [existing] = await db
        .select({ share: shares })
        .from(shareKeys)
        .innerJoin(shares, eq(shares.id, shareKeys.shareId))
        .where(and(eq(shareKeys.userId, input.userId), eq(shareKeys.contentHash, input.contentHash)));
      if (!existing) throw new Error('a share key was taken but cannot be read');
      return { share: existing.share, duplicate: true };
    },

    async get(userId, id) {
      const [row] = await db
        .select()
        .from(shares)
        .where(and(eq(shares.id, id), eq(shares.userId, userId)));
      return row;
    },

    list(userId, limit = 50) {
      // `shares_user_received_idx` serves it: the user's newest first, dismissed ones filtered out
      // as they are read (a user's own shares, not a scan of everyone's).
      return db
        .select()
        .from(shares)
        .where(and(eq(shares.userId, userId), isNull(shares.dismissedAt)))
        .orderBy(desc(shares.receivedAt))
        .limit(limit);
    },

    async setDismissed(userId, id, at) {
      const [row] = await db
        .update(shares)
        .set({
          dismissedAt: at ? sql`coalesce(${shares.dismissedAt}, ${at.toISOString()}::timestamptz)` : null,
        })
        .where(and(eq(shares.id, id), eq(shares.userId, userId)))
        .returning();
      return row;
    },

    async update(id, update, now) {
      const resolution = storable(update.resolution ?? null);
      const [row] = await recordOutcome.execute({
        id,
        status: update.status,
        errorCode: update.errorCode ?? null,
        errorMessage: storable(update.errorMessage ?? null),
        // An object: both drivers send it as JSON (a string would be stored as a JSON string on PGlite).
        resolution,
        nextAttemptAt: update.nextAttemptAt ?? null,
        parserVersion: update.parserVersion || null,
        now,
      });
      return row;
    },

    async claimDue(now, limit, leaseMs) {
      const staleReceived = new Date(now.getTime() - 60_000).toISOString();
      const ids = await claimByLease(db, shares, {
        due: sql`(
            (status = 'needs_resolution' and resolution->>'kind' in ('short_link', 'timetable_query'))
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

    async claimOne(id, now, leaseMs) {
      const [row] = await db
        .update(shares)
        .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
        .where(and(eq(shares.id, id), or(isNull(shares.lockedUntil), lt(shares.lockedUntil, now))))
        .returning();
      return row;
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
