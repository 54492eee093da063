import { sql } from 'drizzle-orm';

/**
 * The share path's statements are built once with drizzle's `.prepare(name)`: a request then pays
 * neither drizzle's query building (about two thirds of a small query's client CPU) nor, on a direct
 * connection, Postgres's parse and plan, since a named statement is kept per connection. Behind a
 * transaction-mode pooler (PgBouncer), which cannot keep named statements, the name is empty: still
 * built once here, parsed by Postgres on every run. PGlite ignores the name.
 */
export type StatementName = (name: string) => string;

export const statementNames =
  (named: boolean): StatementName =>
  (name) =>
    named ? name : '';

/**
 * A placeholder where drizzle's `set` takes no bare one (an update's new values): wrapped in `sql`,
 * its value goes to the driver as it is, without the column's encoder.
 */
export const setTo = (key: string) => sql`${sql.placeholder(key)}`;

/** One placeholder per column, named after it: the values of a prepared insert. */
export const placeholders = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as {
    [P in K]: ReturnType<typeof sql.placeholder<P>>;
  };
