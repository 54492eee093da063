/**
 * What the operator's page needs besides the app's stores: the analytics store on the read connection
 * and who may see it (`AppDeps.operator`, given by the composition root or a test). Without it the
 * page falls back to the primary and lets nobody in: `ADMIN_ACCOUNTS` unread means no operator, never
 * everyone.
 */

import type { AnalyticsStore } from '../db/analytics.js';
import type { User } from '../db/users.js';

export interface OperatorContext {
  analytics: AnalyticsStore;
  /** Spotify user ids or Railtape user ids (`ADMIN_ACCOUNTS`). */
  adminAccounts: readonly string[];
}

/** A user is an operator when `ADMIN_ACCOUNTS` names their Railtape id or their Spotify id. */
export function isAdmin(
  user: Pick<User, 'id' | 'spotifyId'> | undefined,
  adminAccounts: readonly string[],
): boolean {
  if (!user) return false;
  return (
    adminAccounts.includes(user.id) || (user.spotifyId !== null && adminAccounts.includes(user.spotifyId))
  );
}
