/**
 * One share (`#/share/<id>`, where the share target lands via `/?share=<id>`): its state and reason,
 * retry; a share that is not a trip gets the friendly screen saying what to share instead. The share
 * target's other landings: `/?share_error=<code>` (refused before it was stored: an image-only share,
 * too large…) and `/?share=queued` (kept on this device while offline).
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, type ShareResult } from '../api.js';
import { ShareCard } from '../components/share-card.js';
import { ShareForm } from '../components/share-form.js';
import { NOT_A_TRIP, refusalCode, ShareRefusal } from '../components/share-refusal.js';
import { SignIn } from '../components/shell-sign-in.js';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { go, tripHash } from '../router.js';
import { openResult, QueuedShares } from './trips.js';

type Load =
  | { state: 'loading' }
  | { state: 'sign-in' }
  | { state: 'error'; message: string }
  | { state: 'ready'; result: ShareResult };

const POLL_MS = 3000;
const POLLS = 20;

export function ShareScreen({ id }: { id: string }) {
  const t = words(TRIPS);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [polls, setPolls] = useState(0);

  useEffect(() => {
    let live = true;
    api.shareById(id).then(
      (result) => {
        if (!live) return;
        // A share that became a trip is the trip: replace, so Back does not land here again.
        if (result.trip) location.replace(tripHash(result.trip.id));
        else setLoad({ state: 'ready', result });
      },
      (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.code === 'sign_in_required') setLoad({ state: 'sign-in' });
        else
          setLoad({
            state: 'error',
            message: err instanceof ApiError ? err.message : navigator.onLine ? t.unreachable : t.offline,
          });
      },
    );
    return () => {
      live = false;
    };
  }, [id, polls, t]);

  // Still being read (a short link, a timetable search): look again until it is a trip or not.
  const share = load.state === 'ready' ? load.result.share : null;
  const pending =
    share !== null &&
    (share.status === 'received' ||
      share.error?.code === 'awaiting_short_link' ||
      share.error?.code === 'awaiting_timetable');
  useEffect(() => {
    if (!pending || polls >= POLLS) return;
    const timer = setTimeout(() => setPolls((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, polls]);

  const back = (
    <a href="#/" class="button quiet share-back">
      {t.allTrips}
    </a>
  );
  if (load.state === 'sign-in') return <SignIn />;
  if (load.state === 'loading') return <div aria-busy="true" class="share-loading" />;
  if (load.state === 'error')
    return (
      <>
        {back}
        <p class="notice error" role="alert">
          {load.message}
        </p>
      </>
    );
  const { result } = load;
  const code = result.share.error?.code ?? '';
  if (result.share.status === 'failed' && NOT_A_TRIP.has(code))
    return (
      <>
        {back}
        <ShareRefusal heading={t.notATrip} reason={result.share.error?.message ?? t.refused.other}>
          <div class="row">
            <a href="#/" class="button">
              {t.pasteHere}
            </a>
            <button
              type="button"
              class="button quiet"
              data-action="dismiss"
              onClick={() =>
                void api.dismissShare(result.share.id).then(
                  () => go('#/'),
                  () => go('#/'),
                )
              }
            >
              {t.dismiss}
            </button>
          </div>
        </ShareRefusal>
      </>
    );
  return (
    <>
      {back}
      <h1>{t.shareHeadingOne}</h1>
      <ShareCard
        key={`${result.share.id}|${result.share.status}|${result.share.attempts}`}
        share={result.share}
        onTrip={openResult}
        onDismissed={() => go('#/')}
        headingLevel={2}
      />
    </>
  );
}

/** The share target's landings that are not a stored share: a refusal, or a share kept offline. */
export type Landing = { kind: 'refused'; code: string } | { kind: 'queued' };
/** The landing shown (`/?share_error=<code>`, `/?share=queued`) until the traveller moves on. */
export const landing = signal<Landing | null>(null);

export function ShareLanding({ shown }: { shown: Landing }) {
  const t = words(TRIPS);
  if (shown.kind === 'queued')
    return (
      <>
        <section class="card share-queued" data-testid="share-queued" aria-labelledby="queued-landing">
          <h1 id="queued-landing">{t.queuedHeading}</h1>
          <p>{t.queuedText}</p>
        </section>
        <QueuedShares />
        <button
          type="button"
          class="button quiet share-back"
          onClick={() => {
            landing.value = null;
            go('#/');
          }}
        >
          {t.allTrips}
        </button>
      </>
    );
  return (
    <ShareRefusal heading={t.refusedHeading} reason={t.refused[refusalCode(shown.code)]}>
      <ShareForm onShared={openResult} />
    </ShareRefusal>
  );
}
