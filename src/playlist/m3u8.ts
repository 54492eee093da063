import type { Trip } from '../domain/trip.js';

interface M3uTrack {
  id: string;
  title: string;
  artists: string[];
  durationMs: number;
  /** A local file path when the track comes from a music library; otherwise the id is written. */
  path?: string;
}

// #EXTINF lines may not contain line breaks; a title with one would split the entry.
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

/** Extended M3U (UTF-8, hence .m3u8), readable by VLC, foobar2000, Apple Music and most car stereos. */
export function playlistM3u8(
  trip: Pick<Trip, 'origin' | 'destination' | 'departure'>,
  tracks: M3uTrack[],
): string {
  const lines = [
    '#EXTM3U',
    `#PLAYLIST:${oneLine(`Railtape: ${trip.origin} → ${trip.destination} (${trip.departure.slice(0, 16).replace('T', ' ')})`)}`,
  ];
  for (const t of tracks) {
    lines.push(
      `#EXTINF:${Math.round(t.durationMs / 1000)},${oneLine(t.artists.join(', '))} - ${oneLine(t.title)}`,
    );
    lines.push(t.path ?? t.id);
  }
  return `${lines.join('\n')}\n`;
}
