/**
 * A share that is not a trip (yet): its state and the server's reason, Retry with visible feedback
 * (busy, then the result announced), Dismiss, and for a "My location" share where it starts.
 */
import { useState } from 'preact/hooks';
import { ApiError, api, type Share, type ShareResult } from '../api.js';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { sharedText } from '../store.js';
import './share-card.css';

/** Shares a retry by hand cannot help: a search waits for the timetable worker, a "My location"
 * share waits for the traveller's answer. */
const NO_RETRY = new Set(['awaiting_timetable', 'origin_needs_position', 'awaiting_short_link']);

const BADGE: Record<Share['status'], string> = {
  received: '',
  parsed: 'ok',
  needs_resolution: 'warn',
  failed: 'danger',
};

const short = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export function ShareCard({
  share: initial,
  onTrip,
  onDismissed,
  headingLevel = 3,
}: {
  share: Share;
  onTrip: (result: ShareResult) => void;
  onDismissed?: (id: string) => void;
  headingLevel?: 2 | 3;
}) {
  const t = words(TRIPS);
  const [share, setShare] = useState(initial);
  const [busy, setBusy] = useState<'retry' | 'dismiss' | null>(null);
  const [status, setStatus] = useState('');
  const fail = (err: unknown) =>
    setStatus(err instanceof ApiError ? err.message : navigator.onLine ? t.unreachable : t.offline);

  const settle = (result: ShareResult) => {
    setShare(result.share);
    if (result.trip) {
      setStatus(t.retryDone);
      onTrip(result);
    } else setStatus(t.retryStill(result.share.error?.message ?? t.shareStatus[result.share.status]));
  };

  const retry = async () => {
    setBusy('retry');
    setStatus(t.trying);
    try {
      settle(await api.retry(share.id));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  };

  const dismiss = async () => {
    setBusy('dismiss');
    try {
      await api.dismissShare(share.id);
      onDismissed?.(share.id);
    } catch (err) {
      fail(err);
      setBusy(null);
    }
  };

  const code = share.error?.code ?? '';
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const text = sharedText(share.payload);
  return (
    <article
      class="card share-card"
      data-share={share.id}
      data-status={share.status}
      aria-busy={busy !== null}
    >
      <div class="row share-card-head">
        <Heading class="share-card-title">
          <span class={`badge ${BADGE[share.status]}`} data-testid="share-state">
            {t.shareStatus[share.status]}
          </span>
        </Heading>
      </div>
      {share.error ? (
        <p class="share-reason" data-testid="share-reason">
          {share.error.message}
        </p>
      ) : (
        share.status === 'received' && <p class="share-reason muted">{t.reading}</p>
      )}
      {text && (
        <p class="share-shared">
          <code>{short(text)}</code>
        </p>
      )}
      {code === 'origin_needs_position' && <OriginForm share={share} onDone={settle} />}
      <div class="row share-card-actions">
        {share.status !== 'parsed' && !NO_RETRY.has(code) && (
          <button
            type="button"
            class="button secondary"
            data-action="retry"
            disabled={busy !== null}
            aria-busy={busy === 'retry'}
            onClick={retry}
          >
            {busy === 'retry' ? t.trying : t.tryAgain}
          </button>
        )}
        {onDismissed && (
          <button
            type="button"
            class="button quiet"
            data-action="dismiss"
            disabled={busy !== null}
            aria-busy={busy === 'dismiss'}
            onClick={dismiss}
          >
            {t.dismiss}
          </button>
        )}
      </div>
      <p class="share-card-status" role="status" aria-live="polite" data-testid="share-card-status">
        {status}
      </p>
    </article>
  );
}

/** A share from "My location" asks where the traveller starts: the device position or a stop. */
function OriginForm({ share, onDone }: { share: Share; onDone: (result: ShareResult) => void }) {
  const t = words(TRIPS);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [stop, setStop] = useState('');
  const fail = (err: unknown) => setStatus(err instanceof ApiError ? err.message : t.unreachable);
  const id = `origin-${share.id}`;

  const usePosition = () => {
    if (!('geolocation' in navigator)) {
      setStatus(t.positionUnavailable);
      return;
    }
    setBusy(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        api
          .fillOrigin(share.id, { position: { lat: pos.coords.latitude, lon: pos.coords.longitude } })
          .then(onDone, fail)
          .finally(() => setBusy(false));
      },
      () => {
        setStatus(t.positionUnavailable);
        setBusy(false);
      },
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 60_000 },
    );
  };

  return (
    <form
      class="share-origin stack"
      onSubmit={(event) => {
        event.preventDefault();
        const name = stop.trim();
        if (!name) return;
        setBusy(true);
        api
          .fillOrigin(share.id, { stop: name })
          .then(onDone, fail)
          .finally(() => setBusy(false));
      }}
    >
      <strong>{t.whereStart}</strong>
      <div>
        <button type="button" class="button secondary" disabled={busy} onClick={usePosition}>
          {t.useMyPosition}
        </button>
      </div>
      <div class="field">
        <label for={id}>{t.startStop}</label>
        <div class="row">
          <input
            id={id}
            type="text"
            name="stop"
            autocomplete="off"
            value={stop}
            onInput={(e) => setStop((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button" disabled={busy}>
            {t.startHere}
          </button>
        </div>
      </div>
      <p role="status" aria-live="polite" class="share-card-status">
        {status}
      </p>
    </form>
  );
}
