/**
 * The paste form: a link or a copied connection becomes a trip. Offline (or with Railtape out of
 * reach) the paste is kept on this device (`store.ts`) and sent when back, and shows in the queue.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError, api, type ShareResult } from '../api.js';
import { online, refreshQueue, requestSync } from '../connection.js';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { queueShare } from '../store.js';
import './share-form.css';

export function ShareForm({
  onShared,
  onQueued,
}: {
  onShared: (result: ShareResult) => void;
  onQueued?: () => void;
}) {
  const t = words(TRIPS);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  const keep = async (text: string, why: string) => {
    await queueShare({ title: null, text, url: null });
    await refreshQueue();
    void requestSync();
    if (input.current) input.current.value = '';
    setStatus({ text: why, error: false });
    onQueued?.();
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = input.current?.value.trim() ?? '';
    if (!text || busy) return;
    setBusy(true);
    setStatus({ text: t.reading, error: false });
    try {
      if (!online.value) {
        await keep(text, t.savedOffline);
        return;
      }
      const result = await api.share({ text });
      if (input.current) input.current.value = '';
      setStatus(result.share.error ? { text: result.share.error.message, error: !result.trip } : null);
      onShared(result);
    } catch (err) {
      if (err instanceof ApiError) setStatus({ text: err.message, error: true });
      // No answer at all: offline or out of reach; nothing typed is lost.
      else
        await keep(text, navigator.onLine ? t.savedLater : t.savedOffline).catch(() =>
          setStatus({ text: t.unreachable, error: true }),
        );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card share-form" onSubmit={submit} aria-labelledby="share-heading">
      <h2 id="share-heading">{t.shareHeading}</h2>
      <div class="field">
        <label for="share-text">{t.shareLabel}</label>
        <textarea
          id="share-text"
          ref={input}
          rows={3}
          placeholder={t.sharePlaceholder}
          aria-describedby="share-help"
          autocomplete="off"
          spellcheck={false}
        />
        <span id="share-help" class="muted share-help">
          {t.shareHelp}
        </span>
      </div>
      <div class="row share-actions">
        <button type="submit" id="share-submit" class="button" disabled={busy} aria-busy={busy}>
          {t.shareButton}
        </button>
        <p
          class={`share-status${status?.error ? ' error' : ''}`}
          role="status"
          aria-live="polite"
          data-testid="share-status"
        >
          {status?.text ?? ''}
        </p>
      </div>
    </form>
  );
}
