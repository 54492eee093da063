/**
 * The live view's card: where the trip is, the song playing and the next change ("Zürich HB in
 * 12 min, this song ends as you arrive"), from `liveState` at the instant it is given. `useNow` ticks
 * every few seconds while the page is visible and stops while it is hidden.
 */
import { useEffect, useState } from 'preact/hooks';
import { clock, duration } from '../format.js';
import { words } from '../i18n/index.js';
import { segmentName, TRIP, type TripWords } from '../i18n/trip.js';
import { type LiveState, runs, type TripPicture } from '../trip-view.js';
import './live-now.css';

/** The current instant, renewed every `everyMs` while the page is visible (paused when hidden). */
export function useNow(everyMs = 5_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => setNow(Date.now());
    const run = () => {
      clearInterval(timer);
      timer = undefined;
      if (document.visibilityState !== 'visible') return;
      tick();
      timer = setInterval(tick, everyMs);
    };
    run();
    document.addEventListener('visibilitychange', run);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', run);
    };
  }, [everyMs]);
  return now;
}

/** "Zürich HB in 12 min, this song ends as you arrive". */
export function nextChangeText(state: LiveState, t: TripWords): string | null {
  const next = state.next;
  if (!next) return null;
  const inTime = duration(next.inSeconds);
  const head =
    next.kind === 'departs'
      ? t.leavesIn(next.line, next.stop, inTime, next.platform)
      : next.kind === 'walk-end'
        ? t.walkThereIn(next.stop, inTime)
        : t.nextIn(next.stop, inTime);
  if (state.track === null) return head;
  const song = next.songEndsThen
    ? next.kind === 'departs'
      ? t.songEndsLeaving
      : t.songEndsArriving
    : next.songsBefore > 0
      ? t.songsBefore(next.songsBefore)
      : t.songPlaysOn;
  return `${head}, ${song}`;
}

export function LiveNow({ picture, state }: { picture: TripPicture; state: LiveState }) {
  const t = words(TRIP);
  const segment = state.segment === null ? null : picture.segments[state.segment];
  const track = state.track === null ? null : picture.tracks[state.track];
  const next = nextChangeText(state, t);
  const where = segment ? segmentName(segment, t) : null;
  const late = segment && segment.kind === 'ride' ? segment.end.delayMinutes : 0;
  return (
    <section class="card live-now" aria-labelledby="live-heading" data-phase={state.phase}>
      <h2 id="live-heading">{t.liveHeading}</h2>
      <p class="live-clock numeric" data-testid="live-clock">
        {clock(new Date(state.now))}
      </p>
      <div aria-live="polite" aria-atomic="true" class="live-text">
        {state.phase === 'arrived' ? (
          <p class="live-next" data-testid="live-next">
            {t.arrived}
          </p>
        ) : (
          <>
            {state.phase === 'before' && state.startsInSeconds > 0 ? (
              <p data-testid="live-starts">{t.musicStartsIn(duration(state.startsInSeconds))}</p>
            ) : null}
            {where ? (
              <p class="live-where" data-testid="live-where">
                {where}
                {late !== 0 && segment ? (
                  <span class="badge warn" data-testid="live-late">
                    {t.expectedArrival(clock(new Date(runs(segment.end))))} · {t.late(late)}
                  </span>
                ) : null}
              </p>
            ) : null}
            {next ? (
              <p class="live-next" data-testid="live-next">
                {next}
              </p>
            ) : null}
          </>
        )}
      </div>
      <div class="live-song" data-testid="live-song" data-track-now={track?.index}>
        {track ? (
          <>
            <span class="muted">{t.songNow}</span>
            <strong>
              {track.index + 1}. {track.title}
            </strong>
            <span class="muted">
              {track.artists.join(', ')} · {t.songLeft(duration(state.trackLeftSeconds))}
            </span>
          </>
        ) : (
          <span class="muted">{t.noMusicNow}</span>
        )}
      </div>
    </section>
  );
}
