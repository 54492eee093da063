/**
 * Items → rides: departure/arrival pairs in reading order, each with its line label and any walk
 * before it. Stops the text leaves unnamed are filled from the heading or the neighbouring ride.
 */
import type { TripGuess } from '../../domain/trip.js';
import type { HeaderItem, Item, LineLabel, Ride, StopEvent } from './types.js';

export function assembleRides(items: Item[]): { rides: Ride[]; header: HeaderItem | null } | null {
  const rides: Ride[] = [];
  let header: HeaderItem | null = null;
  let open: Ride | null = null;
  let lastEvent: StopEvent | null = null;
  let textsSinceEvent: string[] = [];
  let pendingLine: LineLabel | null = null;
  let pendingPlatform: string | null = null;
  let pendingWalk: { minutes: number | null } | null = null;
  let routeNames: string[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'header':
        if (item.inline) routeNames = [item.from, item.to];
        else if (header === null && lastEvent === null) {
          header = item;
          // Words above the heading ("Ihr Billett") name no stop below it.
          textsSinceEvent = [];
        }
        break;
      case 'line':
        if (open !== null && open.line === null) open.line = item.line;
        else pendingLine = item.line;
        break;
      case 'walk':
        if (open === null && rides.length > 0) pendingWalk = { minutes: item.minutes };
        break;
      case 'platform':
        if (lastEvent !== null && lastEvent.platform === null && textsSinceEvent.length === 0) {
          lastEvent.platform = item.platform;
        } else pendingPlatform = item.platform;
        break;
      case 'text':
        // A stop name on its own line belongs to the time above it when that one has none…
        if (lastEvent !== null && lastEvent.name === null) lastEvent.name = item.text;
        else textsSinceEvent.push(item.text);
        break;
      case 'event': {
        const event = item.event;
        // A named stop ends a `Zürich HB → Bern | 08:02 – 08:58` route; unnamed ones take its names in turn.
        if (event.name !== null) routeNames = [];
        event.name ??= routeNames.shift() ?? null;
        // …otherwise to the time below it.
        event.name ??= textsSinceEvent.pop() ?? null;
        event.platform ??= pendingPlatform;
        pendingPlatform = null;
        textsSinceEvent = [];
        const kind = event.kind ?? (open === null ? 'dep' : 'arr');
        if (kind === 'dep') {
          // A departure while a ride is still open, or an arrival without one: not a connection.
          if (open !== null) return null;
          open = { dep: event, arr: null, line: event.line ?? pendingLine, walkBefore: pendingWalk };
          pendingLine = null;
          pendingWalk = null;
        } else {
          if (open === null) return null;
          open.arr = event;
          open.line ??= event.line ?? pendingLine;
          pendingLine = null;
          rides.push(open);
          open = null;
        }
        lastEvent = event;
        break;
      }
    }
  }
  if (open !== null || rides.length === 0) return null;
  // A label after the last arrival (`arr. 08:33 …` then `IR 90`) can only belong to the last ride.
  const last = rides[rides.length - 1];
  if (last !== undefined && last.line === null) last.line = pendingLine;
  return { rides, header };
}

/**
 * Stops the text left unnamed: the heading names the trip's ends (`dep 23:35 Pl. 13` under
 * `Zürich HB → Luzern`); a change without a name is taken to be at the neighbouring ride's stop.
 */
export function fillMissingNames(rides: Ride[], header: HeaderItem | null, guessed: Set<TripGuess>): boolean {
  rides.forEach((ride, i) => {
    if (ride.dep.name === null && i === 0) ride.dep.name = header?.from ?? null;
    if (ride.arr !== null && ride.arr.name === null && i === rides.length - 1)
      ride.arr.name = header?.to ?? null;
  });
  rides.forEach((ride, i) => {
    const previous = rides[i - 1];
    const next = rides[i + 1];
    if (ride.dep.name === null && previous?.arr?.name != null && ride.walkBefore === null) {
      ride.dep.name = previous.arr.name;
      guessed.add('stop');
    }
    if (
      ride.arr !== null &&
      ride.arr.name === null &&
      next !== undefined &&
      next.dep.name !== null &&
      next.walkBefore === null
    ) {
      ride.arr.name = next.dep.name;
      guessed.add('stop');
    }
  });
  return rides.every((r) => r.dep.name !== null && r.arr !== null && r.arr.name !== null);
}
