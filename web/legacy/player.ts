/**
 * The in-app player for playlists from the server's music library: it plays the files through the
 * signed-in audio route (HTTP Range, so seeking works), starts at the song and second where the
 * playlist stands now, moves on by itself, and hands the lock screen its metadata and controls.
 *
 * It hears the playlist as the fit planned it (#18): with the playlist's crossfade c, the next song
 * starts c seconds before the current one ends, on a second audio element, while the volumes cross
 * (otherwise the songs would not overlap and the mixtape would run (n − 1)·c past the arrival); with
 * a lead-in, a press on the platform already plays.
 */
import { playbackPosition } from '../../src/playlist/position.js';
import type { Playlist, Trip } from '../src/api.js';
import type { Strings } from '../src/i18n/strings.js';

type Track = Playlist['tracks'][number];

export interface LocalPlayer {
  element: HTMLElement;
  /** Called with the track now playing (one of `playlist.tracks`), or null once the playlist is over. */
  onTrack(listener: (track: Track | null) => void): void;
}

export const audioUrl = (trackId: string) => `/api/library/tracks/${encodeURIComponent(trackId)}/audio`;

export function localPlayer(
  trip: Trip,
  playlist: Playlist,
  t: Strings,
  now: () => number = () => Date.now(),
): LocalPlayer {
  const tracks: Track[] = [...playlist.tracks].sort((a, b) => a.startSeconds - b.startSeconds);
  const crossfadeSeconds = playlist.crossfadeSeconds ?? 0;
  const frame = { leadInSeconds: playlist.leadInSeconds ?? 0 };
  const deck = () => {
    const element = document.createElement('audio');
    element.controls = true;
    element.preload = 'auto';
    element.hidden = true;
    return element;
  };
  /** The element playing the current track; with a crossfade, the other one fades the last out. */
  let audio = deck();
  audio.dataset.testid = 'player-audio';
  const decks = crossfadeSeconds > 0 ? [audio, deck()] : [audio];
  let handingOver = false;
  const status = document.createElement('p');
  status.className = 'note';
  status.setAttribute('role', 'status');
  status.dataset.testid = 'player-status';
  const play = document.createElement('button');
  play.type = 'button';
  play.className = 'button';
  play.dataset.testid = 'play-here';
  play.textContent = t.playHere;

  let current: number | null = null;
  const listeners: ((track: Track | null) => void)[] = [];
  const announce = (index: number | null) => {
    current = index;
    for (const listener of listeners) listener(index === null ? null : (tracks[index] ?? null));
  };

  function mediaSession(track: Track, index: number): void {
    if (!('mediaSession' in navigator)) return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: track.title,
      artist: track.artists.join(', '),
      album: `${trip.origin} → ${trip.destination}`,
      artwork: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
    });
    status.textContent = t.nowPlaying(index + 1, tracks.length, track.title);
  }

  /** Loads track `index` and starts it `offsetMs` in; the position waits for the file's metadata. */
  async function start(index: number, offsetMs: number): Promise<void> {
    const track = tracks[index];
    if (!track) {
      audio.pause();
      announce(null);
      status.textContent = t.playlistOver;
      return;
    }
    audio.hidden = false;
    if (current !== index || !audio.src.endsWith(audioUrl(track.id))) {
      audio.src = audioUrl(track.id);
      await new Promise<void>((resolve, reject) => {
        audio.addEventListener('loadedmetadata', () => resolve(), { once: true });
        audio.addEventListener('error', () => reject(audio.error), { once: true });
      });
    }
    audio.currentTime = offsetMs / 1000;
    announce(index);
    mediaSession(track, index);
    try {
      await audio.play();
    } catch {
      // A browser that wants a gesture for this start (a track change in the background, say).
      status.textContent = t.pressPlay;
    }
  }

  /** Where the trip is now decides where the music is: a late start still changes song at the stop. */
  async function startWhereTheTripIs(): Promise<void> {
    const elapsed = (now() - new Date(trip.departure).getTime()) / 1000;
    const at = playbackPosition(tracks, elapsed, frame);
    // A song still fading out would otherwise play on over the restart.
    for (const element of decks) if (element !== audio) element.pause();
    try {
      if (at.state === 'under_way') {
        await start(at.index, at.positionMs);
      } else {
        await start(0, 0);
        status.textContent =
          at.state === 'before_departure' ? t.startsEarly(Math.ceil(at.startsInSeconds / 60)) : t.tripOver;
      }
    } catch {
      status.textContent = t.cannotPlay;
    }
  }

  /** Starts track `index` on the other element c seconds before this one ends, and crosses the volumes. */
  async function crossfadeTo(index: number): Promise<void> {
    const outgoing = audio;
    const incoming = decks.find((d) => d !== outgoing);
    if (!incoming) return;
    handingOver = true;
    delete outgoing.dataset.testid;
    outgoing.hidden = true;
    incoming.dataset.testid = 'player-audio';
    incoming.volume = 0;
    audio = incoming;
    try {
      await start(index, 0);
    } catch {
      status.textContent = t.cannotPlay;
    } finally {
      handingOver = false;
    }
    const began = performance.now();
    const fade = setInterval(() => {
      const done = Math.min(1, (performance.now() - began) / (crossfadeSeconds * 1000));
      incoming.volume = done;
      outgoing.volume = 1 - done;
      if (done >= 1) {
        clearInterval(fade);
        outgoing.pause();
        outgoing.volume = 1;
      }
    }, 50);
  }

  play.addEventListener('click', () => void startWhereTheTripIs());
  for (const element of decks) {
    element.addEventListener('ended', () => {
      // An element that is only fading out has already handed over to the next song.
      if (element !== audio || current === null) return;
      void start(current + 1, 0).catch(() => (status.textContent = t.cannotPlay));
    });
    element.addEventListener('timeupdate', () => {
      if (crossfadeSeconds <= 0 || element !== audio || handingOver || current === null) return;
      if (current + 1 >= tracks.length || !Number.isFinite(element.duration)) return;
      if (element.duration - element.currentTime <= crossfadeSeconds) void crossfadeTo(current + 1);
    });
  }

  if ('mediaSession' in navigator) {
    const session = navigator.mediaSession;
    const step = (delta: number) => () => {
      if (current !== null) void start(Math.max(0, current + delta), 0).catch(() => undefined);
    };
    const actions: [MediaSessionAction, MediaSessionActionHandler][] = [
      ['play', () => void audio.play().catch(() => undefined)],
      [
        'pause',
        () => {
          for (const element of decks) element.pause();
        },
      ],
      ['previoustrack', step(-1)],
      ['nexttrack', step(1)],
      [
        'seekto',
        (details) => {
          if (details.seekTime !== undefined) audio.currentTime = details.seekTime;
        },
      ],
    ];
    for (const [action, handler] of actions) {
      try {
        session.setActionHandler(action, handler);
      } catch {
        // Not every browser knows every action.
      }
    }
    const positionState = () => {
      const track = current === null ? undefined : tracks[current];
      if (!track || !Number.isFinite(audio.duration)) return;
      session.setPositionState?.({
        duration: audio.duration,
        position: Math.min(audio.currentTime, audio.duration),
        playbackRate: audio.playbackRate,
      });
    };
    for (const element of decks) element.addEventListener('timeupdate', positionState);
  }

  const element = document.createElement('div');
  element.className = 'player';
  element.dataset.testid = 'player';
  element.append(play, ...decks, status);
  return { element, onTrack: (listener) => listeners.push(listener) };
}
