import type { MusicProvider } from '../domain/music.js';
import { LEAD_IN_LEG_INDEX } from '../domain/playlist.js';
import type { Trip } from '../domain/trip.js';

interface M3uTrack {
  id: string;
  title: string;
  artists: string[];
  durationMs: number;
  /** The ride leg whose end closes this track's segment; a change of leg is a transfer. */
  legIndex?: number;
  /** A local file path when the track comes from a music library; otherwise the id is written. */
  path?: string;
}

// #EXTINF lines may not contain line breaks; a title with one would split the entry.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

/**
 * What a player can open for a track: the library file, Spotify's web link (players that do not know
 * it skip it, and phones hand it to the Spotify app), or nothing: a demo track exists nowhere, so its
 * entry is written as a comment rather than as a path no player could find.
 */
function entryFor(provider: MusicProvider, t: M3uTrack): string {
  if (t.path !== undefined) return t.path;
  if (provider === 'spotify') {
    const id = t.id.replace(/^spotify:track:/, '');
    return `https://open.spotify.com/track/${encodeURIComponent(id)}`;
  }
  return `# ${t.id}`;
}

/** Extended M3U (UTF-8, hence .m3u8), readable by VLC, foobar2000, Apple Music and most car stereos. */
export function playlistM3u8(
  trip: Pick<Trip, 'origin' | 'destination' | 'departure'> & Partial<Pick<Trip, 'legs'>>,
  tracks: M3uTrack[],
  provider: MusicProvider = 'demo',
): string {
  const lines = [
    '#EXTM3U',
    `#PLAYLIST:${oneLine(`Railtape: ${trip.origin} → ${trip.destination} (${trip.departure.slice(0, 16).replace('T', ' ')})`)}`,
  ];
  let previousLeg: number | undefined;
  for (const t of tracks) {
    if (previousLeg !== undefined && t.legIndex !== undefined && t.legIndex !== previousLeg) {
      if (previousLeg === LEAD_IN_LEG_INDEX) {
        // The music on the platform is over: the next song starts as the train leaves.
        const first = trip.legs?.[0];
        const from = first ? ` ${oneLine(first.from.name)}` : '';
        lines.push(`# Departure from${from} (${trip.departure.slice(11, 16)})`);
      } else {
        // The previous segment closed at the end of leg `previousLeg`: the traveller changes there.
        const leg = trip.legs?.[previousLeg];
        const at = leg ? ` ${oneLine(leg.to.name)}` : '';
        const time = leg ? ` (${leg.arrival.slice(11, 16)})` : '';
        lines.push(`# Transfer at${at}${time}`);
      }
    }
    if (t.legIndex !== undefined) previousLeg = t.legIndex;
    lines.push(
      `#EXTINF:${Math.round(t.durationMs / 1000)},${oneLine(t.artists.join(', '))} - ${oneLine(t.title)}`,
    );
    lines.push(entryFor(provider, t));
  }
  return `${lines.join('\n')}\n`;
}
