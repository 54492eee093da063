import type { CatalogTrack } from '../domain/playlist.js';
import { formatZurichIso } from '../domain/time.js';
import type { Leg } from '../domain/trip.js';
import { mulberry32, type Random } from './random.js';
import type { FitTrip } from './types.js';

/**
 * Seeded synthetic pools and trips for the benchmark, the tests and demos. Pure: same seed, same data.
 *
 * Durations: log-normal around 3.5 min (σ = 0.3, so most songs are 2:30–5:00), clipped to 1:30–8:00,
 * plus 5% short interludes of 0:30–1:30, the shape of a typical liked-songs library. Artists follow a
 * rough Zipf law (a few artists own many tracks), about one artist per 3 tracks.
 */

const MINUTE = 60_000;

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function syntheticDurationMs(random: Random): number {
  if (random() < 0.05) return Math.round(30_000 + random() * 60_000);
  const ms = 210_000 * Math.exp(0.3 * normal(random));
  return Math.round(Math.min(480_000, Math.max(90_000, ms)));
}

export interface SyntheticPoolOptions {
  explicitShare?: number;
  /** Tracks per artist on average (default 3, like a liked-songs library). */
  tracksPerArtist?: number;
}

export function syntheticPool(
  size: number,
  seed: number,
  options: SyntheticPoolOptions = {},
): CatalogTrack[] {
  const random = mulberry32(seed);
  const artists = Math.max(1, Math.round(size / (options.tracksPerArtist ?? 3)));
  const explicitShare = options.explicitShare ?? 0.15;
  return Array.from({ length: size }, (_, i) => {
    // Zipf-like: artist k is drawn with weight ~1/(k+1) via inverse transform on a log scale.
    const artist = Math.min(artists - 1, Math.floor(Math.exp(random() * Math.log(artists + 1)) - 1));
    const favourite = random() < 0.1;
    return {
      id: `syn-${seed}-${i}`,
      title: `Track ${i}`,
      artists: [`Artist ${artist}`],
      durationMs: syntheticDurationMs(random),
      explicit: random() < explicitShare,
      score: favourite ? 0.9 + 0.1 * random() : 0.2 + 0.5 * random(),
    };
  });
}

/**
 * A small pool with everything a real one gets wrong now and then: ids listed twice, the same
 * recording under another id (title case, artist order and a second or two apart), unusable
 * durations, explicit flags and scores present or not. For tests of the pool's preparation.
 */
export function syntheticMessyPool(size: number, seed: number): CatalogTrack[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const artists = ['A', 'B', 'C', 'D', 'E', ' a ', 'F', 'G', 'H'];
  const pool: CatalogTrack[] = [];
  for (let i = 0; i < size; i++) {
    const id = random() < 0.1 && i > 0 ? `t${Math.floor(random() * i)}` : `t${i}`;
    const repeat = random() < 0.15 && pool.length > 0 ? pick(pool) : null;
    const track: CatalogTrack = repeat
      ? {
          id,
          title: ` ${repeat.title.toUpperCase()}`,
          artists: [...repeat.artists].reverse(),
          durationMs: repeat.durationMs + Math.round((random() - 0.5) * 5000),
        }
      : {
          id,
          title: `Song ${Math.floor(random() * size)}`,
          artists: [pick(artists), ...(random() < 0.2 ? [pick(artists)] : [])],
          durationMs: random() < 0.05 ? pick([0, -5, Number.NaN]) : 25_000 + Math.round(random() * 400_000),
        };
    if (random() < 0.5) track.explicit = random() < 0.3;
    if (random() < 0.7) track.score = random();
    pool.push(track);
  }
  return pool;
}

const stop = (name: string) => ({ name, uic: null, platform: null });

function leg(mode: Leg['mode'], departureMs: number, arrivalMs: number, n: number): Leg {
  return {
    mode,
    line: mode === 'walk' ? null : `IC ${n}`,
    trainNumber: null,
    from: stop(`Stop ${n}`),
    to: stop(`Stop ${n + 1}`),
    departure: formatZurichIso(departureMs),
    arrival: formatZurichIso(arrivalMs),
  };
}

export interface SyntheticTripOptions {
  totalMinutes: number;
  rides: number;
  seed: number;
  /** Epoch ms of the departure (default 2026-06-01 08:00 Zurich). */
  departureMs?: number;
}

/**
 * A trip of whole minutes (timetables are in minutes) with `rides` rides, transfers of 1–6 min
 * (some walked, some waited) and now and then a walk at the start or the end.
 */
export function syntheticTrip(options: SyntheticTripOptions): FitTrip {
  const random = mulberry32(options.seed);
  const total = Math.max(1, Math.round(options.totalMinutes));
  const rides = Math.max(1, Math.min(options.rides, Math.floor(total / 2)));
  const start = options.departureMs ?? Date.UTC(2026, 5, 1, 6, 0);
  const gaps = Array.from({ length: rides - 1 }, () => 1 + Math.floor(random() * 6));
  const leadWalk = total >= 30 && random() < 0.3 ? 2 + Math.floor(random() * 5) : 0;
  const tailWalk = total >= 30 && random() < 0.3 ? 2 + Math.floor(random() * 5) : 0;
  let gapTotal = gaps.reduce((a, b) => a + b, 0) + leadWalk + tailWalk;
  // Keep rides at least 2 minutes each: shrink transfers for very short trips.
  while (gapTotal > total - 2 * rides) {
    const widest = gaps.indexOf(Math.max(...gaps));
    if (widest < 0 || gaps[widest]! <= 1) break;
    gaps[widest]!--;
    gapTotal--;
  }
  const rideMinutes = Math.max(2 * rides, total - gapTotal);
  const weights = Array.from({ length: rides }, () => 0.3 + random());
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const spare = rideMinutes - 2 * rides;
  const lengths = weights.map((w) => 2 + Math.floor((w / weightSum) * spare));
  lengths[rides - 1]! += rideMinutes - lengths.reduce((a, b) => a + b, 0);

  const legs: Leg[] = [];
  let t = start;
  const append = (mode: Leg['mode'], minutes: number) => {
    legs.push(leg(mode, t, t + minutes * MINUTE, legs.length));
    t += minutes * MINUTE;
  };
  if (leadWalk > 0) append('walk', leadWalk);
  lengths.forEach((minutes, i) => {
    append('rail', minutes);
    const gap = gaps[i];
    if (gap === undefined) return;
    // Half the transfers are walked, half are a wait on the platform (no leg).
    if (random() < 0.5) append('walk', gap);
    else t += gap * MINUTE;
  });
  if (tailWalk > 0) append('walk', tailWalk);
  return { departure: formatZurichIso(start), arrival: formatZurichIso(t), legs };
}
