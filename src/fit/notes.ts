import { LEAD_IN_LEG_INDEX, type PlaylistNote } from '../domain/playlist.js';
import type { FitCandidates } from './candidates.js';
import type { FitState } from './repair.js';
import { boundaryErrors } from './repair.js';
import type { Evaluation } from './search.js';

/**
 * Honest results: every way the playlist falls short of the promise gets a stable code and a
 * sentence saying why, so the UI can tell the user what would help (more tracks, shorter tracks).
 */

// Notes carry their figures as params so the API can say them in the reader's language.
const minutesOf = (ms: number) => Math.round(ms / 6000) / 10;
const secondsOf = (ms: number) => Math.round(ms / 100) / 10;
const minutes = (ms: number) => `${minutesOf(ms)} min`;
const secondsText = (ms: number) => `${secondsOf(ms)} s`;

export interface NoteContext {
  prepared: FitCandidates;
  state: FitState;
  evaluation: Evaluation;
  /** Music that had to be filled by the fit (trip minus kept tracks), ms. */
  regionMs: number;
  /** Music the pool can offer for it (usable tracks plus the arrival song), ms. */
  availableMs: number;
  artistCap: number;
  capRelaxed: boolean;
  recentReused: number;
}

export function fitNotes(context: NoteContext): PlaylistNote[] {
  const { prepared, state, evaluation, regionMs, availableMs } = context;
  const notes: PlaylistNote[] = [];
  if (prepared.invalid > 0) {
    notes.push({
      code: 'invalid_tracks_ignored',
      params: { count: prepared.invalid },
      message: `${prepared.invalid} track(s) without a usable duration were ignored.`,
    });
  }
  if (prepared.duplicates > 0) {
    notes.push({
      code: 'duplicate_tracks_ignored',
      params: { count: prepared.duplicates },
      message: `${prepared.duplicates} duplicate(s) (the same id, or the same song under another id) were left out.`,
    });
  }
  if (regionMs > 0 && prepared.tracks.length === 0 && availableMs === 0) {
    notes.push({ code: 'empty_pool', params: {}, message: 'There are no usable tracks to choose from.' });
  } else if (availableMs < regionMs - 1000) {
    notes.push({
      code: 'pool_too_small',
      params: { availableMinutes: minutesOf(availableMs), neededMinutes: minutesOf(regionMs) },
      message: `The pool holds ${minutes(availableMs)} of usable music for ${minutes(regionMs)} to fill; add another playlist.`,
    });
  } else if (evaluation.excessMs > 0) {
    notes.push({
      code: 'too_few_short_tracks',
      params: { count: prepared.tracks.length },
      message: `No combination of the ${prepared.tracks.length} usable tracks fits every boundary; shorter tracks (interludes, 1–3 min songs) would help.`,
    });
  }
  if (evaluation.excessMs > 0 && prepared.explicitFiltered > 0) {
    notes.push({
      code: 'explicit_filtered',
      params: { count: prepared.explicitFiltered, minutes: minutesOf(prepared.explicitFilteredMs) },
      message: `${prepared.explicitFiltered} explicit track(s) (${minutes(prepared.explicitFilteredMs)}) were left out by the explicit filter.`,
    });
  }

  const errors = boundaryErrors(state);
  state.segments.forEach((segment, i) => {
    for (const folded of segment.absorbed) {
      notes.push(
        folded.legIndex === LEAD_IN_LEG_INDEX
          ? {
              code: 'lead_in_merged',
              params: {},
              message: 'No song fits the music on the platform; the first song runs on into the ride.',
            }
          : {
              code: 'segment_merged',
              params: { leg: folded.legIndex },
              message: `No song fits the connection ending with leg ${folded.legIndex}; it was merged into the next segment.`,
            },
      );
    }
    const error = errors[i]!;
    if (
      i < state.segments.length - 1 &&
      Math.abs(error) > segment.toleranceMs &&
      segment.legIndex === LEAD_IN_LEG_INDEX
    ) {
      notes.push({
        code: 'departure_boundary_missed',
        params: { offSeconds: secondsOf(error), toleranceSeconds: secondsOf(segment.toleranceMs) },
        message: `The song change as the train leaves is ${secondsText(error)} off (tolerance ${secondsText(segment.toleranceMs)}).`,
      });
    } else if (i < state.segments.length - 1 && Math.abs(error) > segment.toleranceMs) {
      notes.push({
        code: 'boundary_missed',
        params: {
          leg: segment.legIndex,
          offSeconds: secondsOf(error),
          toleranceSeconds: secondsOf(segment.toleranceMs),
        },
        message: `The song change at the end of leg ${segment.legIndex} is ${secondsText(error)} off (tolerance ${secondsText(segment.toleranceMs)}).`,
      });
    }
  });
  if (context.capRelaxed) {
    notes.push({
      code: 'artist_cap_relaxed',
      params: { cap: context.artistCap },
      message: `Some artists appear more than ${context.artistCap} time(s): the pool has too few other artists for this trip.`,
    });
  }
  if (context.recentReused > 0) {
    notes.push({
      code: 'recent_tracks_reused',
      params: { count: context.recentReused },
      message: `${context.recentReused} track(s) from recent trips were reused: the pool is too small to avoid them.`,
    });
  }
  return notes;
}
