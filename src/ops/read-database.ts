/**
 * Where analytics read: `DATABASE_READ_URL` (a replica) when set, the primary otherwise. A second `pg`
 * pool, small, because only the operator's page and `railtape stats` use it; opened through the same
 * factory as the primary (`db/client.ts`). Nothing is written through it.
 */

import { type DatabaseHandle, openDatabase } from '../db/client.js';

export interface ReadDatabase {
  handle: DatabaseHandle;
  /** True when it is a connection of its own (to close), false when it is the primary. */
  separate: boolean;
  close(): Promise<void>;
}

export const READ_POOL_SIZE = 2;

export async function openReadDatabase(
  config: { readUrl: string | undefined },
  primary: DatabaseHandle,
): Promise<ReadDatabase> {
  if (!config.readUrl) return { handle: primary, separate: false, close: async () => {} };
  const handle = await openDatabase({
    kind: 'postgres',
    url: config.readUrl,
    maxConnections: READ_POOL_SIZE,
  });
  return { handle, separate: true, close: () => handle.close() };
}
