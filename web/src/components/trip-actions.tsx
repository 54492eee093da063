/**
 * The actions bar at the top of a trip: open the playlist in Spotify and start it where the trip
 * stands (`POST /api/trips/:id/play`), or the in-app player for the server's music library; download
 * the M3U8; fit it again (busy and done said aloud); the live view while the trip is under way or soon.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, type Playlist, type Trip } from '../api.js';
import { seconds } from '../format.js';
import { words } from '../i18n/index.js';
import { TRIP, type TripWords } from '../i18n/trip.js';
import { Player } from './player.js';
import './trip-actions.css';

function failure(err: unknown, t: TripWords): string {
  if (err instanceof ApiError) return err.message;
  return navigator.onLine ? t.somethingWrong : t.offline;
}

export function TripActions({
  trip,
  playlist,
  live,
  autoplay,
  onTrack,
  onRefitted,
}: {
  trip: Trip;
  playlist: Playlist;
  /** Offer the live view (the trip is under way or about to start). */
  live: boolean;
  /** Opened from a reminder's Play action (`#/trip/<id>/play`). */
  autoplay: boolean;
  onTrack: (index: number | null) => void;
  onRefitted: (result: { trip: Trip; playlist: Playlist | null }) => void;
}) {
  const t = words(TRIP);
  const [playStatus, setPlayStatus] = useState('');
  const [playing, setPlaying] = useState(false);
  const [refit, setRefit] = useState<{ busy: boolean; text: string }>({ busy: false, text: '' });
  const spotify = playlist.provider === 'spotify' && playlist.externalUrl;
  const local = playlist.provider === 'local';

  async function playInSpotify(): Promise<void> {
    setPlaying(true);
    try {
      const started = await api.play(trip.id);
      setPlayStatus(t.playing(started.trackIndex + 1, started.track.title));
    } catch (err) {
      setPlayStatus(failure(err, t));
    } finally {
      setPlaying(false);
    }
  }

  // A reminder's Play for a Spotify playlist starts it once; a reload then shows the trip.
  const autoplayed = useRef(false);
  useEffect(() => {
    if (!autoplay || autoplayed.current) return;
    autoplayed.current = true;
    if (location.hash.endsWith('/play')) history.replaceState(null, '', `#/trip/${trip.id}`);
    if (spotify) void playInSpotify();
  }, [autoplay]);

  async function refitNow(): Promise<void> {
    setRefit({ busy: true, text: t.refitting });
    try {
      const result = await api.refit(trip.id);
      const fitted = result.playlist;
      setRefit({
        busy: false,
        text: fitted ? t.refitDone(fitted.tracks.length, seconds(fitted.errorSeconds)) : t.noPlaylist,
      });
      onRefitted(result);
    } catch (err) {
      setRefit({ busy: false, text: failure(err, t) });
    }
  }

  return (
    <section class="trip-actions card" aria-label={t.actions} data-testid="trip-actions">
      <div class="trip-actions-row">
        {spotify ? (
          <>
            <a
              class="button"
              href={playlist.externalUrl ?? ''}
              target="_blank"
              rel="noopener"
              data-testid="open-spotify"
            >
              {t.openInSpotify}
            </a>
            <button
              type="button"
              class="button secondary"
              data-testid="play"
              disabled={playing}
              onClick={() => void playInSpotify()}
            >
              {t.playNow}
            </button>
          </>
        ) : null}
        {live ? (
          <a class="button secondary" href={`#/trip/${trip.id}/live`} data-testid="live-link">
            {t.liveLink}
          </a>
        ) : null}
        <a
          class="button secondary"
          href={`/api/trips/${trip.id}/playlist.m3u8`}
          download=""
          data-testid="download-m3u8"
        >
          {t.download}
        </a>
        <button
          type="button"
          class="button secondary"
          data-testid="refit"
          disabled={refit.busy}
          aria-busy={refit.busy ? 'true' : undefined}
          onClick={() => void refitNow()}
        >
          {t.refit}
        </button>
      </div>
      {local ? <Player trip={trip} playlist={playlist} onTrack={onTrack} autoplay={autoplay} /> : null}
      <p class="trip-actions-status" role="status" data-testid="play-status">
        {playStatus}
      </p>
      <p class="trip-actions-status" role="status" data-testid="refit-status">
        {refit.text}
      </p>
    </section>
  );
}
