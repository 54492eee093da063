/**
 * The in-app player for playlists from the server's music library (ported from the legacy
 * `player.ts`): it plays the files through the signed-in audio route (HTTP Range, so seeking works),
 * starts at the song and second where the trip stands now (`playlist/position.ts`, the same rule as
 * the server's play route), moves on by itself, and hands the lock screen its metadata and controls.
 *
 * It hears the playlist as the fit planned it: with the playlist's crossfade c the next song starts
 * c seconds before the current one ends, on a second audio element, while the volumes cross (else the
 * mixtape would run (n − 1)·c past the arrival); with a lead-in, a press on the platform already plays.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { playbackPosition } from '../../../src/playlist/position.js';
import type { Playlist, Trip } from '../api.js';
import { words } from '../i18n/index.js';
import { TRIP, type TripWords } from '../i18n/trip.js';
import './player.css';

type Track = Playlist['tracks'][number];

export const audioUrl = (trackId: string) => `/api/library/tracks/${encodeURIComponent(trackId)}/audio`;

interface Controls {
  startWhereTheTripIs(): Promise<void>;
  stop(): void;
}

/**
 * The playback machine on two audio elements; `onTrack` hears the index (in `playlist.tracks`) now
 * playing, or null; `say` sets the status line.
 */
function playback(
  trip: Trip,
  playlist: Playlist,
  decks: HTMLAudioElement[],
  t: () => TripWords,
  onTrack: (index: number | null) => void,
  say: (text: string) => void,
  now: () => number,
): Controls {
  const order = playlist.tracks
    .map((track, index) => ({ track, index }))
    .sort((a, b) => a.track.startSeconds - b.track.startSeconds);
  const tracks: Track[] = order.map((o) => o.track);
  const crossfadeSeconds = playlist.crossfadeSeconds ?? 0;
  const frame = { leadInSeconds: playlist.leadInSeconds ?? 0 };
  let audio = decks[0] as HTMLAudioElement;
  const usable = crossfadeSeconds > 0 ? decks : [audio];
  let handingOver = false;
  let current: number | null = null;
  let fades: ReturnType<typeof setInterval> | undefined;
  // The elements outlive this machine (a re-fit makes a new one on the same elements): its listeners go with it.
  const listening = new AbortController();
  const { signal } = listening;

  const announce = (index: number | null) => {
    current = index;
    onTrack(index === null ? null : (order[index]?.index ?? null));
  };

  function mediaSession(track: Track, index: number): void {
    say(t().nowPlaying(index + 1, tracks.length, track.title));
    if (!('mediaSession' in navigator) || typeof MediaMetadata === 'undefined') return;
    navigator.mediaSession.metadata = new MediaMetadata({
      title: track.title,
      artist: track.artists.join(', '),
      album: `${trip.origin} → ${trip.destination}`,
      artwork: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }],
    });
  }

  /** Loads track `index` and starts it `offsetMs` in; the position waits for the file's metadata. */
  async function start(index: number, offsetMs: number): Promise<void> {
    const track = tracks[index];
    if (!track) {
      audio.pause();
      announce(null);
      say(t().playlistOver);
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
      say(t().pressPlay);
    }
  }

  async function startWhereTheTripIs(): Promise<void> {
    const elapsed = (now() - Date.parse(trip.departure)) / 1000;
    const at = playbackPosition(tracks, elapsed, frame);
    // A song still fading out would otherwise play on over the restart.
    for (const element of usable) if (element !== audio) element.pause();
    try {
      if (at.state === 'under_way') {
        await start(at.index, at.positionMs);
      } else {
        await start(0, 0);
        say(
          at.state === 'before_departure'
            ? t().startsEarly(Math.ceil(at.startsInSeconds / 60))
            : t().tripOver,
        );
      }
    } catch {
      say(t().cannotPlay);
    }
  }

  /** Starts track `index` on the other element c seconds before this one ends, and crosses the volumes. */
  async function crossfadeTo(index: number): Promise<void> {
    const outgoing = audio;
    const incoming = usable.find((d) => d !== outgoing);
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
      say(t().cannotPlay);
    } finally {
      handingOver = false;
    }
    const began = performance.now();
    clearInterval(fades);
    fades = setInterval(() => {
      const done = Math.min(1, (performance.now() - began) / (crossfadeSeconds * 1000));
      incoming.volume = done;
      outgoing.volume = 1 - done;
      if (done >= 1) {
        clearInterval(fades);
        outgoing.pause();
        outgoing.volume = 1;
      }
    }, 50);
  }

  for (const element of usable) {
    element.addEventListener(
      'ended',
      () => {
        // An element that is only fading out has already handed over to the next song.
        if (element !== audio || current === null) return;
        void start(current + 1, 0).catch(() => say(t().cannotPlay));
      },
      { signal },
    );
    element.addEventListener(
      'timeupdate',
      () => {
        if (crossfadeSeconds <= 0 || element !== audio || handingOver || current === null) return;
        if (current + 1 >= tracks.length || !Number.isFinite(element.duration)) return;
        if (element.duration - element.currentTime <= crossfadeSeconds) void crossfadeTo(current + 1);
      },
      { signal },
    );
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
          for (const element of usable) element.pause();
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
      if (current === null || !Number.isFinite(audio.duration)) return;
      session.setPositionState?.({
        duration: audio.duration,
        position: Math.min(audio.currentTime, audio.duration),
        playbackRate: audio.playbackRate,
      });
    };
    for (const element of usable) element.addEventListener('timeupdate', positionState, { signal });
  }

  return {
    startWhereTheTripIs,
    stop: () => {
      listening.abort();
      clearInterval(fades);
      for (const element of usable) element.pause();
    },
  };
}

/**
 * "Play here from where the trip is", the audio elements and the status line. `onTrack` hears the
 * index (into `playlist.tracks`) playing now; `autoplay` starts it once mounted (a reminder's Play).
 */
export function Player({
  trip,
  playlist,
  onTrack,
  autoplay = false,
}: {
  trip: Trip;
  playlist: Playlist;
  onTrack: (index: number | null) => void;
  autoplay?: boolean;
}) {
  const t = words(TRIP);
  const tRef = useRef(t);
  tRef.current = t;
  const a = useRef<HTMLAudioElement>(null);
  const b = useRef<HTMLAudioElement>(null);
  const controls = useRef<Controls | null>(null);
  const [status, setStatus] = useState('');
  const [shown, setShown] = useState(false);
  const crossfade = (playlist.crossfadeSeconds ?? 0) > 0;
  useEffect(() => {
    const decks = [a.current, b.current].filter((d): d is HTMLAudioElement => d !== null);
    controls.current = playback(
      trip,
      playlist,
      decks,
      () => tRef.current,
      onTrack,
      setStatus,
      () => Date.now(),
    );
    // A browser that refuses to start audio without a gesture gets "Press play" from the player.
    if (autoplay) {
      setShown(true);
      void controls.current.startWhereTheTripIs();
    }
    return () => controls.current?.stop();
  }, [trip, playlist]);
  return (
    <div class="player" data-testid="player">
      <button
        type="button"
        class="button"
        data-testid="play-here"
        onClick={() => {
          setShown(true);
          void controls.current?.startWhereTheTripIs();
        }}
      >
        {t.playHere}
      </button>
      {/* biome-ignore lint/a11y/useMediaCaption: songs, not speech; the status line names each one */}
      <audio ref={a} controls preload="auto" hidden={!shown} data-testid="player-audio" />
      {/* biome-ignore lint/a11y/useMediaCaption: songs, not speech; the status line names each one */}
      {crossfade ? <audio ref={b} controls preload="auto" hidden /> : null}
      <p class="player-status" role="status" data-testid="player-status">
        {status}
      </p>
    </div>
  );
}
