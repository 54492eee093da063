import type { PlaylistRow, PlaylistStore } from '../db/playlists.js';
import type { TripRow } from '../db/trips.js';
import { isAppError } from '../domain/errors.js';
import { type Locale, localeFrom } from '../domain/messages.js';
import type { MusicProvider } from '../domain/music.js';
import type { PlaylistPublisher, SealedAccess } from './source.js';

const SYNC_LEASE_MS = 2 * 60_000;

export interface ExternalCopy {
  externalId: string;
  externalUrl: string | null;
}

/**
 * What every music service's publisher shares: the sync lease (so a share sent twice, or two workers
 * at once, never make two copies), the copy's id remembered as soon as it exists, and a failure kept
 * on the playlist with its code for the worker to retry. `write` creates the copy once (calling
 * `remember` right after) and replaces its tracks on every later call.
 */
export function leasedPublisher(deps: {
  provider: MusicProvider;
  service: string;
  playlists: PlaylistStore;
  clock: () => Date;
  log?: { warn(obj: object, msg: string): void };
  write(
    claimed: PlaylistRow,
    trip: TripRow,
    context: {
      locale: Locale;
      remember(copy: ExternalCopy): Promise<void>;
      /** The account's access token as read with the pool, when the caller has it. */
      access: SealedAccess | undefined;
    },
  ): Promise<ExternalCopy>;
}): PlaylistPublisher {
  return {
    leaseMsFor: (provider) => (provider === deps.provider ? SYNC_LEASE_MS : undefined),
    async publish(playlist, trip, context = {}) {
      if (playlist.provider !== deps.provider) return playlist;
      // A playlist inserted under the lease is ours already; any other is claimed here.
      const claimedAt = context.leased?.at ?? deps.clock();
      const claimed = context.leased
        ? { ...playlist, ownerLocale: context.leased.ownerLocale }
        : await deps.playlists.claimSync(playlist.id, claimedAt, SYNC_LEASE_MS);
      if (!claimed) return playlist;
      try {
        const external = await deps.write(claimed, trip, {
          locale: localeFrom(claimed.ownerLocale ?? undefined),
          remember: (copy) => deps.playlists.setExternal(claimed.id, copy.externalId, copy.externalUrl),
          access: context.access,
        });
        return (await deps.playlists.finishSync(claimed.id, external, claimedAt, deps.clock())) ?? claimed;
      } catch (err) {
        const code = isAppError(err) ? err.code : 'internal_error';
        deps.log?.warn(
          { err, playlistId: claimed.id, code },
          `writing the playlist to ${deps.service} failed`,
        );
        return (
          (await deps.playlists.finishSync(claimed.id, { error: code }, claimedAt, deps.clock())) ?? claimed
        );
      }
    },
  };
}
