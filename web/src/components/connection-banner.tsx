/**
 * The connection banner: "you are offline" (no network) apart from "Railtape is unreachable" (the
 * network works, the server does not answer), "offline copy from 13:56" when the worker answered from
 * its cache, and the shares waiting on this device to be sent.
 */
import { cachedAt, checkServer, delivered, online, queued, serverReachable } from '../connection.js';
import { clock } from '../format.js';
import { words } from '../i18n/index.js';
import { SHELL } from '../i18n/shell.js';
import { Icon } from './icon.js';
import './connection-banner.css';

export function ConnectionBanner({ onRetry }: { onRetry: () => void }) {
  const t = words(SHELL);
  const offline = !online.value;
  const unreachable = !offline && !serverReachable.value;
  const copy = cachedAt.value ? t.cachedFrom(clock(cachedAt.value)) : null;
  const waiting = queued.value.length;
  const state = offline ? 'offline' : unreachable ? 'unreachable' : copy ? 'cached' : 'online';
  return (
    <div class="connection-banner" data-connection={state}>
      <div role="status" aria-live="polite" class="connection-live">
        {state !== 'online' && (
          <p class="notice warn connection-state" data-testid="connection">
            <Icon class="connection-icon" size={20}>
              {offline ? (
                <path d="M2 8a15 15 0 0 1 20 0M5 12a10 10 0 0 1 14 0M9 16a4 4 0 0 1 6 0M12 20h.01M3 3l18 18" />
              ) : (
                <path d="M12 3v10M12 17h.01M4 21h16L12 3z" />
              )}
            </Icon>
            <span>
              {offline && <strong>{t.offline}</strong>}
              {unreachable && <strong>{t.unreachable}</strong>}
              {copy && <span data-testid="cached-at"> {copy}</span>}
            </span>
            {unreachable && (
              <button
                type="button"
                class="button secondary connection-retry"
                onClick={() => void checkServer().then((ok) => ok && onRetry())}
              >
                {t.retryConnection}
              </button>
            )}
          </p>
        )}
        {waiting > 0 && (
          <p class="notice connection-queue" data-testid="queued-count">
            {t.waiting(waiting)}
          </p>
        )}
        {delivered.value > 0 && waiting === 0 && (
          <p class="notice connection-sent" data-testid="queue-sent">
            {t.sent(delivered.value)}
          </p>
        )}
      </div>
    </div>
  );
}
