/**
 * Trips (`#/`): the paste form, the shares waiting on this device, the shares that need attention,
 * then Upcoming and Past rides, one card per ride however often it was shared.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, api, type Share, type ShareResult, type Trip } from '../api.js';
import { Icon } from '../components/icon.js';
import { InstallHint } from '../components/install-hint.js';
import { ShareCard } from '../components/share-card.js';
import { ShareForm } from '../components/share-form.js';
import { SignIn } from '../components/shell-sign-in.js';
import { TripCard } from '../components/trips-card.js';
import { groupRides, type Ride, splitRides } from '../components/trips-group.js';
import { queued } from '../connection.js';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { go, shareHash, tripHash } from '../router.js';
import { sharedText } from '../store.js';
import './trips.css';

type Load =
  | { state: 'loading' }
  | { state: 'sign-in' }
  | { state: 'error'; message: string }
  | { state: 'ready'; trips: Trip[]; shares: Share[] };

/** Still being worked on by the server: worth looking again in a few seconds. */
const inProgress = (s: Share) =>
  s.status === 'received' ||
  s.error?.code === 'awaiting_short_link' ||
  s.error?.code === 'awaiting_timetable';
const POLL_MS = 4000;
const POLLS = 15;

/** After a share: its trip, or (not a trip yet) its share screen. */
export function openResult(result: ShareResult): void {
  go(result.trip ? tripHash(result.trip.id) : shareHash(result.share.id));
}

export function TripsScreen() {
  const t = words(TRIPS);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [polls, setPolls] = useState(0);
  const [notice, setNotice] = useState('');

  const fetchAll = useCallback(async () => {
    try {
      const [{ trips }, { shares }] = await Promise.all([api.trips(), api.shares()]);
      setLoad({ state: 'ready', trips, shares });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'sign_in_required') setLoad({ state: 'sign-in' });
      else
        setLoad({
          state: 'error',
          message: err instanceof ApiError ? err.message : navigator.onLine ? t.unreachable : t.offline,
        });
    }
  }, [t]);

  useEffect(() => {
    void fetchAll();
  }, [fetchAll]);

  // A share the server is still reading (a short link, a timetable search) shows its outcome by itself.
  const waiting = load.state === 'ready' && load.shares.some((s) => s.status !== 'parsed' && inProgress(s));
  useEffect(() => {
    if (!waiting || polls >= POLLS) return;
    const timer = setTimeout(() => {
      setPolls((n) => n + 1);
      void fetchAll();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, polls, fetchAll]);

  if (load.state === 'sign-in') return <SignIn />;

  const onShared = (result: ShareResult) => {
    if (result.trip) go(tripHash(result.trip.id));
    else void fetchAll();
  };

  return (
    <div class="trips-screen">
      <h1 class="visually-hidden">{t.heading}</h1>
      <ShareForm onShared={onShared} />
      <QueuedShares />
      {load.state === 'loading' && <p class="muted trips-loading" aria-busy="true" />}
      {load.state === 'error' && (
        <p class="notice error" role="alert">
          {load.message}
        </p>
      )}
      {load.state === 'ready' && (
        <Lists
          trips={load.trips}
          shares={load.shares}
          onDismissed={(id) => {
            setNotice(t.dismissed);
            setLoad({ ...load, shares: load.shares.filter((s) => s.id !== id) });
          }}
        />
      )}
      <div role="status" aria-live="polite" data-testid="trips-notice">
        {notice && <p class="notice">{notice}</p>}
      </div>
      {/* Last: the browser may offer installation after the lists have painted, and a card above them
          would push them down. */}
      <InstallHint />
    </div>
  );
}

/** Shares kept on this device (offline) until they can be sent: "waiting to be sent: <link>". */
export function QueuedShares() {
  const t = words(TRIPS);
  if (queued.value.length === 0) return null;
  return (
    <section aria-labelledby="queued-heading" class="trips-queued">
      <h2 id="queued-heading">{t.waitingHeading}</h2>
      <ul class="list stack">
        {queued.value.map(({ key, share }) => (
          <li key={String(key)} class="card trips-queued-item" data-queued={String(key)}>
            <Icon class="trips-queued-icon" size={20}>
              <circle cx="12" cy="12" r="9" />
              <path d="M12 7v5l3 2" />
            </Icon>
            <span class="visually-hidden">{t.waitingItem} </span>
            <code>{sharedText(share)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Lists({
  trips,
  shares,
  onDismissed,
}: {
  trips: Trip[];
  shares: Share[];
  onDismissed: (id: string) => void;
}) {
  const t = words(TRIPS);
  const now = new Date();
  const attention = shares.filter((s) => s.status !== 'parsed');
  const { upcoming, past } = splitRides(groupRides(trips, shares), now);
  const rides = (list: Ride[]) => (
    <ul class="list trips-list">
      {list.map((ride) => (
        <TripCard key={ride.trip.id} ride={ride} now={now} />
      ))}
    </ul>
  );
  return (
    <>
      {attention.length > 0 && (
        <section aria-labelledby="attention-heading" class="trips-attention" data-testid="attention">
          <h2 id="attention-heading">{t.attention}</h2>
          {attention.map((share) => (
            <ShareCard key={share.id} share={share} onTrip={openResult} onDismissed={onDismissed} />
          ))}
        </section>
      )}
      {trips.length === 0 ? (
        attention.length === 0 && <EmptyState />
      ) : (
        <>
          <section aria-labelledby="upcoming-heading" data-testid="upcoming">
            <h2 id="upcoming-heading">{t.upcoming}</h2>
            {upcoming.length > 0 ? rides(upcoming) : <p class="muted">{t.noUpcoming}</p>}
          </section>
          {past.length > 0 && (
            <section aria-labelledby="past-heading" data-testid="past">
              <h2 id="past-heading">{t.past}</h2>
              {rides(past)}
            </section>
          )}
        </>
      )}
    </>
  );
}

function EmptyState() {
  const t = words(TRIPS);
  return (
    <section class="card trips-empty" aria-labelledby="empty-heading" data-testid="empty">
      <Icon class="trips-empty-art" size={96} box={64}>
        <rect x="4" y="6" width="56" height="26" rx="6" />
        <circle cx="20" cy="19" r="6" />
        <circle cx="44" cy="19" r="6" />
        <path d="M26 19h12M10 36h44" />
      </Icon>
      <h2 id="empty-heading">{t.emptyHeading}</h2>
      <ol class="trips-empty-steps">
        {t.emptySteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <p class="muted">{t.emptyPaste}</p>
    </section>
  );
}
