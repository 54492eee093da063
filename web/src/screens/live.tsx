/**
 * The live view on the train (`#/trip/<id>/live`): the clock, where the trip is, the song playing and
 * the next change, the timeline with a "now" marker, updating by itself (paused while hidden). The
 * in-app player is here too for a playlist from the music library.
 */
import { useMemo, useState } from 'preact/hooks';
import type { Playlist, Trip } from '../api.js';
import { LiveNow, useNow } from '../components/live-now.js';
import { Player } from '../components/player.js';
import { Timeline } from '../components/timeline.js';
import { TripHeader, TripProblem } from '../components/trip-header.js';
import { words } from '../i18n/index.js';
import { TRIP } from '../i18n/trip.js';
import { liveState, tripPicture } from '../trip-view.js';
import { Failed, useTrip } from './trip.js';

export function LiveScreen({ id }: { id: string }) {
  const [load] = useTrip(id);
  if (load.state === 'loading') return <TripProblem kind="loading" />;
  if (load.state === 'failed') return <Failed error={load.error} />;
  return <Live trip={load.trip} playlist={load.playlist} />;
}

function Live({ trip, playlist }: { trip: Trip; playlist: Playlist | null }) {
  const t = words(TRIP);
  const picture = useMemo(() => tripPicture(trip, playlist), [trip, playlist]);
  const now = useNow();
  const state = liveState(picture, now);
  const [playing, setPlaying] = useState<number | null>(null);
  return (
    <article class="live-screen stack">
      <TripHeader trip={trip} picture={picture} back={`#/trip/${trip.id}`} />
      <LiveNow picture={picture} state={state} />
      {playlist?.provider === 'local' ? (
        <section class="card" aria-label={t.actions}>
          <Player trip={trip} playlist={playlist} onTrack={setPlaying} />
        </section>
      ) : null}
      <section class="card timeline-card" aria-labelledby="live-timeline-heading">
        <h2 id="live-timeline-heading">{t.timeline}</h2>
        <Timeline picture={picture} now={now} playing={playing ?? state.track} />
      </section>
    </article>
  );
}
