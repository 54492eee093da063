/**
 * A trip (`#/trip/<id>`, `#/trip/<id>/play`): the header (from → to, day, times, length, exactness,
 * changes), the actions bar, the timeline picture and the track list grouped by segment of the trip.
 * All the time maths is `trip-view.ts`; this screen only lays it out.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, type Playlist, type Trip } from '../api.js';
import { Timeline } from '../components/timeline.js';
import { TrackList } from '../components/track-list.js';
import { TripActions } from '../components/trip-actions.js';
import { SignInCard, TripHeader, TripProblem } from '../components/trip-header.js';
import { duration, seconds } from '../format.js';
import { words } from '../i18n/index.js';
import { TRIP } from '../i18n/trip.js';
import { isLiveSoon, tripPicture } from '../trip-view.js';
import './trip.css';

type Loaded = { trip: Trip; playlist: Playlist | null };
export type TripLoad =
  | { state: 'loading' }
  | { state: 'failed'; error: unknown }
  | ({ state: 'ready' } & Loaded);

/** Loads the trip once for the screen; `set` replaces it (after a re-fit). */
export function useTrip(id: string): [TripLoad, (loaded: Loaded) => void] {
  const [load, setLoad] = useState<TripLoad>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    api.trip(id).then(
      (loaded) => live && setLoad({ state: 'ready', ...loaded }),
      (error: unknown) => live && setLoad({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  return [load, (loaded) => setLoad({ state: 'ready', ...loaded })];
}

export function TripScreen({ id, play }: { id: string; play: boolean }) {
  const [load, set] = useTrip(id);
  if (load.state === 'loading') return <TripProblem kind="loading" />;
  if (load.state === 'failed') return <Failed error={load.error} />;
  return <TripView trip={load.trip} playlist={load.playlist} autoplay={play} onRefitted={set} />;
}

export function Failed({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.code === 'sign_in_required') return <SignInCard />;
  if (error instanceof ApiError && error.status === 404) return <TripProblem kind="notFound" />;
  return (
    <TripProblem
      kind={navigator.onLine ? 'failed' : 'offline'}
      message={error instanceof ApiError ? error.message : null}
    />
  );
}

function TripView({
  trip,
  playlist,
  autoplay,
  onRefitted,
}: Loaded & { autoplay: boolean; onRefitted: (loaded: Loaded) => void }) {
  const t = words(TRIP);
  const picture = useMemo(() => tripPicture(trip, playlist), [trip, playlist]);
  const [playing, setPlaying] = useState<number | null>(null);
  const live = isLiveSoon(picture, Date.now());
  const publishes = playlist && (playlist.provider === 'spotify' || playlist.provider === 'subsonic');
  return (
    <article class="trip-screen stack">
      <TripHeader trip={trip} picture={picture} />
      {playlist ? (
        <TripActions
          trip={trip}
          playlist={playlist}
          live={live}
          autoplay={autoplay}
          onTrack={setPlaying}
          onRefitted={onRefitted}
        />
      ) : null}
      <section class="card timeline-card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t.timeline}</h2>
        <Timeline picture={picture} playing={playing} />
      </section>
      {playlist ? (
        <section class="card mixtape" aria-labelledby="mixtape-heading">
          <h2 id="mixtape-heading">{t.yourMixtape}</h2>
          <p class="muted" data-testid="playlist-source">
            {t.fromSource(t.sourceNames[playlist.provider])}
          </p>
          {publishes && playlist.sync.status !== 'local' ? (
            <p
              class={`sync ${playlist.sync.status}`}
              role="status"
              data-testid="sync-status"
              data-sync={playlist.sync.status}
            >
              {t.sync[playlist.sync.status](t.syncWhere[playlist.provider as 'spotify' | 'subsonic'])}
            </p>
          ) : null}
          <p class="fit" data-testid="fit">
            {t.fit(
              playlist.tracks.length,
              duration(playlist.totalSeconds),
              duration(playlist.targetSeconds),
              seconds(playlist.errorSeconds),
            )}
          </p>
          {playlist.provider === 'demo' ? (
            <p class="notice" data-testid="demo-note">
              {t.demoNote}
            </p>
          ) : null}
          {playlist.notes.map((n) => (
            <p key={n.code} class="notice warn" data-testid="playlist-note">
              {n.message}
            </p>
          ))}
          <TrackList picture={picture} playing={playing} />
        </section>
      ) : (
        <p class="muted">{t.noPlaylist}</p>
      )}
    </article>
  );
}
