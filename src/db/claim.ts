import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from './client.js';

/**
 * Claims up to `limit` rows matching `due` for one worker run. A lease (`locked_until`) instead of a
 * held transaction lets a crashed run's rows come back once it expires; `FOR UPDATE SKIP LOCKED`
 * keeps two concurrent runs apart. `attempts` counts every claim. The table needs `id`,
 * `locked_until` and `attempts` columns.
 */
export async function claimByLease<T extends PgTable & { id: AnyPgColumn }>(
  db: Database,
  table: T,
  options: { due: SQL; orderBy: SQL; now: Date; leaseMs: number; limit: number },
): Promise<string[]> {
  const { now, leaseMs, limit } = options;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await db.execute(sql`
    update ${table} set locked_until = ${leaseUntil.toISOString()}, attempts = attempts + 1
    where id in (
      select id from ${table}
      where (${options.due})
        and (locked_until is null or locked_until < ${now.toISOString()})
      order by ${options.orderBy}
      limit ${limit}
      for update skip locked
    )
    returning id`);
  // Both drivers (pg and PGlite) return `{ rows }` from execute.
  return (result as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
}
