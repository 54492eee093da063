import { createHash } from 'node:crypto';
import type { PlaylistRow, PlaylistStore } from '../db/playlists.js';
import type { ShareRow, ShareStore, ShareUpdate } from '../db/shares.js';
import type { TripRow, TripStore } from '../db/trips.js';
import type { UserStore } from '../db/users.js';
import { AppError, isAppError } from '../domain/errors.js';
import type { QueryPlace, Trip, TripQuery } from '../domain/trip.js';
import { PARSER_VERSION, parseShare } from '../links/index.js';
import { nearestStation, stationByName } from '../links/stations.js';
import type { ParseOutcome, SharePayload } from '../links/types.js';
import { type PlaylistService, RECENT_PLAYLISTS } from '../playlist/service.js';
import type { ReminderScheduler } from '../reminders/scheduler.js';

/** Resolves a short link to the long link it stands for (see `resolve-link.ts`). */
export type ResolveLink = (link: string, options: { timeoutMs: number }) => Promise<string>;

/** A search (stops, time, depart-at/arrive-by) → the matching connection, from a timetable API. */
export type PlanTrip = (query: TripQuery, options: { now: Date }) => Promise<Trip>;

export interface ShareServiceDeps {
  stores: { shares: ShareStore; trips: TripStore; playlists: PlaylistStore; users: UserStore };
  playlists: PlaylistService;
  /** Schedules the departure reminder of each new trip. */
  reminders?: ReminderScheduler;
  /** Turns searches into trips; without it they wait as `awaiting_timetable`. */
  planTrip?: PlanTrip;
  /** Budget for a timetable query while the traveller waits; the worker takes over after it. */
  inlinePlanTimeoutMs?: number;
  /**
   * Adds what a timetable knows to an exact trip (platforms, real-time). Run after the answer, never
   * in its way: the trip screen shows the platforms once they are there (a new trip version).
   */
  enrichTrip?: (trip: Trip, options: { now: Date }) => Promise<Trip>;
  /**
   * The timetable's station nearest to a position within `maxMetres`: a search from the device's
   * position starts there. Without it (or when the timetable cannot be reached) only the stations
   * Railtape knows offline are tried.
   */
  nearestStop?: (
    position: { lat: number; lon: number },
    maxMetres: number,
  ) => Promise<{ name: string; uic: string } | null>;
  resolveLink: ResolveLink;
  clock: () => Date;
  /** Budget for fetching a short link while the traveller waits; the worker retries with the full timeout. */
  inlineResolveTimeoutMs?: number;
  workerResolveTimeoutMs?: number;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

export interface ShareResult {
  share: ShareRow;
  trip: TripRow | undefined;
  playlist: PlaylistRow | undefined;
  /** The same content was shared within a day: this is the earlier share, not a new one. */
  duplicate: boolean;
}

const DUPLICATE_WINDOW_MS = 24 * 3_600_000;

/** The promise's value, or undefined once `ms` have passed (the promise runs on, its failure ignored). */
function withinBudget<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
/**
 * How long a share processed while the traveller waits is leased (a new share, a retry): the parse
 * worker's `claimDue` and other retries leave it alone meanwhile; `shares.update` releases it.
 */
export const INLINE_LEASE_MS = 60_000;
export const MAX_RESOLVE_ATTEMPTS = 6;

/** Retry delays for short links that could not be fetched: 1 min, 2 min, 4 min, … capped at 1 h. */
export function nextAttemptDelayMs(attempts: number): number {
  return Math.min(3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export function contentHash(payload: SharePayload): string {
  return createHash('sha256')
    .update(JSON.stringify([payload.title, payload.text, payload.url]))
    .digest('hex');
}

const payloadOf = (share: ShareRow): SharePayload => ({
  title: share.title,
  text: share.text,
  url: share.url,
});

/** Where the traveller starts, when a map link said "My location" (`POST /api/shares/:id/origin`). */
export type OriginInput = { stop: string } | { position: { lat: number; lon: number } };

/** A position farther than this from every known station names no station. */
const NEAREST_STATION_METRES = 2_000;

/** The start the traveller filled in for this share, kept in its resolution. */
function originOf(share: ShareRow): { filledOrigin?: QueryPlace; originGuessed?: boolean } {
  const r = share.resolution as { filledOrigin?: QueryPlace; originGuessed?: boolean } | null | undefined;
  if (!r?.filledOrigin || typeof r.filledOrigin !== 'object') return {};
  return { filledOrigin: r.filledOrigin, originGuessed: r.originGuessed === true };
}

/** A search from the device's position gets the start the traveller gave, or waits for one. */
function withFilledOrigin(outcome: ParseOutcome, share: ShareRow): ParseOutcome | 'needs_position' {
  if (outcome.status !== 'needs_resolution' || outcome.code !== 'timetable_query') return outcome;
  if (outcome.query.origin.device !== true) return outcome;
  const { filledOrigin } = originOf(share);
  if (!filledOrigin) return 'needs_position';
  return { ...outcome, query: { ...outcome.query, origin: filledOrigin } };
}

export function createShareService(deps: ShareServiceDeps) {
  const { clock } = deps;
  const { shares, trips, playlists } = deps.stores;
  const inlineTimeout = deps.inlineResolveTimeoutMs ?? 4_000;
  const workerTimeout = deps.workerResolveTimeoutMs ?? 20_000;

  async function resultFor(share: ShareRow, duplicate: boolean): Promise<ShareResult> {
    const trip = await trips.findByShare(share.id);
    const playlist = trip ? await playlists.latestForTrip(trip.id) : undefined;
    return { share, trip, playlist, duplicate };
  }

  /** Follows a short link once; the outcome says whether to wait, give up, or parse what it pointed at. */
  async function resolveOutcome(
    outcome: ParseOutcome,
    share: ShareRow,
    timeoutMs: number,
    lastAttempt: boolean,
  ): Promise<{ outcome: ParseOutcome } | { update: ShareUpdate }> {
    if (outcome.status !== 'needs_resolution' || outcome.code !== 'short_link') return { outcome };
    try {
      const longLink = await deps.resolveLink(outcome.link, { timeoutMs });
      const resolved = parseShare(
        { title: null, text: longLink, url: null },
        { now: share.receivedAt.getTime() },
      );
      // A short link must lead to something else than another short link.
      if (resolved.status === 'needs_resolution' && resolved.code === 'short_link') {
        return {
          update: {
            status: 'failed',
            errorCode: 'resolution_failed',
            errorMessage: 'The short link led to another short link.',
          },
        };
      }
      return { outcome: resolved };
    } catch (err) {
      const code = isAppError(err) ? err.code : 'resolution_failed';
      const message = isAppError(err) ? err.message : 'The short link could not be fetched.';
      if (code === 'link_expired' || code === 'link_not_allowed' || lastAttempt) {
        return {
          update: {
            status: 'failed',
            errorCode: code,
            errorMessage: message,
            resolution: { kind: 'short_link', link: outcome.link },
          },
        };
      }
      if (!isAppError(err)) deps.log?.warn({ err, shareId: share.id }, 'short link resolution failed');
      return {
        update: {
          status: 'needs_resolution',
          errorCode: code,
          errorMessage: message,
          resolution: { kind: 'short_link', link: outcome.link },
          nextAttemptAt: new Date(clock().getTime() + nextAttemptDelayMs(share.attempts + 1)),
        },
      };
    }
  }

  /**
   * A search becomes a trip through the timetable. A stop or connection that does not exist is final
   * (with a reason the traveller can act on); upstream trouble, or the inline budget running out,
   * leaves it to the worker, with back-off.
   */
  async function planOutcome(
    outcome: ParseOutcome,
    share: ShareRow,
    mode: 'inline' | 'worker',
  ): Promise<{ outcome: ParseOutcome; resolution?: Record<string, unknown> } | { update: ShareUpdate }> {
    if (outcome.status !== 'needs_resolution' || outcome.code !== 'timetable_query' || !deps.planTrip) {
      return { outcome };
    }
    const resolution = { kind: 'timetable_query', query: outcome.query, ...originOf(share) };
    const later = (errorMessage: string | null, attempts: number): { update: ShareUpdate } => ({
      update: {
        status: 'needs_resolution',
        errorCode: 'awaiting_timetable',
        errorMessage,
        resolution,
        nextAttemptAt: new Date(clock().getTime() + nextAttemptDelayMs(attempts)),
      },
    });
    const planning = deps.planTrip(outcome.query, { now: clock() });
    try {
      const trip =
        mode === 'inline' ? await withinBudget(planning, deps.inlinePlanTimeoutMs ?? 3_000) : await planning;
      // Out of time while the traveller waits: the worker's next run plans it (no back-off).
      if (!trip) return later(null, 0);
      return { outcome: { status: 'parsed', trip }, resolution };
    } catch (err) {
      const reason = isAppError(err) ? (err.details?.reason as string | undefined) : undefined;
      const final =
        reason === 'stop_not_found' ? 'stop_not_found' : reason === 'no_connection' ? 'no_connection' : null;
      if (final || (isAppError(err) && err.code === 'incomplete_search')) {
        return {
          update: {
            status: 'failed',
            errorCode: final ?? 'incomplete_search',
            errorMessage: (err as Error).message,
            resolution: { ...resolution, ...(isAppError(err) ? { details: err.details ?? null } : {}) },
          },
        };
      }
      if (mode === 'worker' && share.attempts >= MAX_RESOLVE_ATTEMPTS) {
        return {
          update: {
            status: 'failed',
            errorCode: 'timetable_unavailable',
            errorMessage: 'The timetable could not be reached.',
            resolution,
          },
        };
      }
      if (!isAppError(err)) deps.log?.warn({ err, shareId: share.id }, 'timetable query failed');
      return later('The timetable could not be reached.', share.attempts + 1);
    }
  }

  /**
   * Turns a stored share into a trip and a playlist, or records why it could not. Safe to run again on
   * the same share (re-parse after a parser upgrade): an existing trip is kept, not duplicated.
   */
  /**
   * An exact trip decoded from an SBB link has no platforms: the timetable is asked once the share is
   * answered, so a slow or unreachable timetable costs the traveller nothing. If this process dies
   * first, the delay check fills them in from an hour before departure.
   */
  function enrichLater(row: TripRow): void {
    const enrich = deps.enrichTrip;
    if (!enrich || row.trip.exactness !== 'exact') return;
    const job = enrich(row.trip, { now: clock() })
      .then(async (trip) => {
        if (JSON.stringify(trip) !== JSON.stringify(row.trip)) await trips.updateTrip(row.id, trip);
      })
      .catch((err) => deps.log?.warn({ err, tripId: row.id }, 'adding platforms to a trip failed'));
    pendingEnrichments.add(job);
    void job.finally(() => pendingEnrichments.delete(job));
  }
  const pendingEnrichments = new Set<Promise<void>>();
  /** Waits for the work started after answers (platforms being added): for a clean shutdown and tests. */
  async function settled(): Promise<void> {
    await Promise.all([...pendingEnrichments]);
  }

  async function processShare(share: ShareRow, mode: 'inline' | 'worker'): Promise<ShareResult> {
    const now = clock();
    try {
      const parsed = parseShare(payloadOf(share), { now: share.receivedAt.getTime() });
      const resolved = await resolveOutcome(
        parsed,
        share,
        mode === 'inline' ? inlineTimeout : workerTimeout,
        mode === 'worker' && share.attempts >= MAX_RESOLVE_ATTEMPTS,
      );
      // A short link or a search that did not become a trip (yet): record why, and answer that.
      const settle = async (update: ShareUpdate) =>
        resultFor(
          (await shares.update(share.id, { ...update, parserVersion: PARSER_VERSION }, now)) ?? share,
          false,
        );
      if ('update' in resolved) return await settle(resolved.update);
      // "My location": plan only once the traveller said where they start (`fillOrigin`).
      const located = withFilledOrigin(resolved.outcome, share);
      if (located === 'needs_position') {
        const query = (resolved.outcome as { query: TripQuery }).query;
        return await settle({
          status: 'needs_resolution',
          errorCode: 'origin_needs_position',
          errorMessage: null,
          resolution: { kind: 'origin_position', query },
          nextAttemptAt: null,
        });
      }
      const planned = await planOutcome(located, share, mode);
      if ('update' in planned) return await settle(planned.update);
      if (planned.outcome.status === 'parsed' && originOf(share).originGuessed === true) {
        const trip = planned.outcome.trip;
        planned.outcome = {
          status: 'parsed',
          trip: { ...trip, guessed: [...new Set([...(trip.guessed ?? []), 'origin' as const])] },
        };
      }
      const { outcome } = planned;
      if (outcome.status === 'failed') {
        return await settle({ status: 'failed', errorCode: outcome.code, errorMessage: outcome.message });
      } else if (outcome.status === 'needs_resolution') {
        const resolution =
          outcome.code === 'short_link'
            ? { kind: 'short_link', link: outcome.link }
            : { kind: 'timetable_query', query: outcome.query };
        return await settle({
          status: 'needs_resolution',
          errorCode: outcome.code === 'short_link' ? 'awaiting_short_link' : 'awaiting_timetable',
          resolution,
        });
      } else if (outcome.status === 'parsed') {
        // A trip made by an earlier run (the process died before the share was marked parsed) is
        // kept, with its playlist; a new trip has none yet, so nothing is read back.
        // With it, read once: what the music source, the fit and the reminder need of the user.
        const inserted = await trips.insertForShare(
          { userId: share.userId, shareId: share.id, trip: outcome.trip },
          RECENT_PLAYLISTS,
        );
        const { row: trip, created } = inserted;
        if (created) enrichLater(trip);
        const context = inserted.context ?? (await deps.playlists.contextFor(share.userId));
        const playlist =
          (!created && (await playlists.latestForTrip(trip.id))) ||
          (await deps.playlists.createForTrip(trip, context));
        await deps.reminders?.forTrip(trip, { preferences: context.preferences, newTrip: created });
        // A re-planned trip keeps the search it answers (`resolution`), so it can be planned again.
        const stored = await shares.update(
          share.id,
          {
            status: 'parsed',
            parserVersion: PARSER_VERSION,
            errorCode: null,
            errorMessage: null,
            ...(planned.resolution ? { resolution: planned.resolution } : {}),
          },
          now,
        );
        return { share: stored ?? share, trip, playlist, duplicate: false };
      }
    } catch (err) {
      // The share stays stored in `received`; the worker picks it up again. Nothing the user shared is lost.
      deps.log?.error({ err, shareId: share.id }, 'processing a share failed');
      // After the last retry it fails visibly; `reparse --failed` can still run it again later.
      const giveUp = share.attempts >= MAX_RESOLVE_ATTEMPTS;
      await shares
        .update(
          share.id,
          {
            status: giveUp ? 'failed' : 'received',
            errorCode: 'internal_error',
            errorMessage: giveUp ? 'Processing failed repeatedly.' : 'Processing failed; it will be retried.',
            nextAttemptAt: giveUp ? null : new Date(now.getTime() + nextAttemptDelayMs(share.attempts + 1)),
          },
          now,
        )
        .catch(() => {});
    }
    const fresh = (await shares.get(share.userId, share.id)) ?? share;
    return resultFor(fresh, false);
  }

  /**
   * Processes a share inline under a lease. When the worker (or another retry) holds the share, it is
   * not processed a second time at once: its current state comes back instead.
   */
  async function retryClaimed(share: ShareRow, duplicate: boolean): Promise<ShareResult> {
    const claimed = await shares.claimOne(share.id, clock(), INLINE_LEASE_MS);
    if (!claimed) return resultFor((await shares.get(share.userId, share.id)) ?? share, duplicate);
    return { ...(await processShare(claimed, 'inline')), duplicate };
  }

  /**
   * Stores the share verbatim first, then tries to finish it while the traveller waits. Storing and
   * taking the de-duplication key are one transaction (`shares.receive`): of identical shares sent at
   * once, one is stored and processed, the others get it back as a duplicate.
   */
  async function receiveShare(userId: string, payload: SharePayload): Promise<ShareResult> {
    const now = clock();
    const received = await shares.receive(
      { userId, payload, contentHash: contentHash(payload), receivedAt: now },
      new Date(now.getTime() - DUPLICATE_WINDOW_MS),
      INLINE_LEASE_MS,
    );
    if (!received.duplicate) return processShare(received.share, 'inline');
    let earlier = received.share;
    // Shared again after the traveller dismissed it: they want it back on their list.
    if (earlier.dismissedAt) earlier = (await shares.setDismissed(userId, earlier.id, null)) ?? earlier;
    // Sharing a failed link again is an explicit "try again".
    if (earlier.status === 'failed') return retryClaimed(earlier, true);
    return resultFor(earlier, true);
  }

  /**
   * Takes a share off the traveller's list (`DELETE /api/shares/:id`): marked, never deleted, so the
   * export still has it and a retry still works; dismissing it again changes nothing. Undefined when
   * the user has no such share.
   */
  async function dismissShare(userId: string, shareId: string): Promise<ShareRow | undefined> {
    return shares.setDismissed(userId, shareId, clock());
  }

  /**
   * Fills the start of a share that waits for one ("My location" in a map link): a stop the traveller
   * names, or their position, placed at the nearest station within 2 km (the timetable's, else one
   * Railtape knows offline; a guess the trip records). Then the
   * search is planned like any other, through `planTrip`. Undefined when there is no such share.
   */
  /** The timetable's stop near a position; null when there is none or the timetable is out of reach. */
  async function timetableStopNear(position: { lat: number; lon: number }) {
    if (!deps.nearestStop) return null;
    try {
      return await deps.nearestStop(position, NEAREST_STATION_METRES);
    } catch (err) {
      if (!isAppError(err)) deps.log?.warn({ err }, 'nearest stop look-up failed');
      return null;
    }
  }

  async function fillOrigin(
    userId: string,
    shareId: string,
    start: OriginInput,
  ): Promise<ShareResult | undefined> {
    const share = await shares.get(userId, shareId);
    if (!share) return undefined;
    const parsed = parseShare(payloadOf(share), { now: share.receivedAt.getTime() });
    if (
      parsed.status !== 'needs_resolution' ||
      parsed.code !== 'timetable_query' ||
      parsed.query.origin.device !== true
    ) {
      throw new AppError('invalid_request', 'This share does not wait for a start.');
    }
    if (share.status === 'parsed') return resultFor(share, false);
    let origin: QueryPlace;
    let originGuessed = false;
    if ('stop' in start) {
      const station = stationByName(start.stop);
      origin = station ? { name: station.name, uic: station.uic } : { name: start.stop.trim(), uic: null };
    } else {
      const station =
        (await timetableStopNear(start.position)) ??
        nearestStation(start.position.lat, start.position.lon, NEAREST_STATION_METRES);
      if (!station) {
        throw new AppError(
          'stop_not_found',
          'No station near this position is known: name the stop you start from.',
        );
      }
      origin = { name: station.name, uic: station.uic };
      originGuessed = true;
    }
    const now = clock();
    await shares.update(
      share.id,
      {
        status: 'needs_resolution',
        errorCode: 'awaiting_timetable',
        errorMessage: null,
        resolution: {
          kind: 'timetable_query',
          query: { ...parsed.query, origin },
          filledOrigin: origin,
          originGuessed,
        },
        nextAttemptAt: null,
      },
      now,
    );
    const fresh = (await shares.get(userId, shareId)) ?? share;
    return retryClaimed(fresh, false);
  }

  async function retryShare(userId: string, shareId: string): Promise<ShareResult | undefined> {
    const share = await shares.get(userId, shareId);
    if (!share) return undefined;
    if (share.status === 'parsed') return resultFor(share, false);
    return retryClaimed(share, false);
  }

  return { receiveShare, processShare, retryShare, fillOrigin, dismissShare, resultFor, settled };
}

export type ShareService = ReturnType<typeof createShareService>;
