/**
 * Settings → Account: who is signed in, the Spotify connection (connect, or reconnect when Spotify
 * ended it, with why), signing out here or everywhere, the data export and deleting the account.
 * Signed out, it offers the sign-in.
 */
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { type Account, api } from '../api.js';
import { forgetOfflineData } from '../connection.js';
import { day } from '../format.js';
import { words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';
import { StatusLine, useSaver } from './settings-status.js';

/** Spotify sign-in and (re)connect both start here and come back to Settings. */
export const SIGN_IN_URL = `/auth/spotify/login?returnTo=${encodeURIComponent('/#/settings')}`;

export function AccountCard(props: {
  account: Account | null;
  /** A sentence to show on top after the account changed (signed out, deleted). */
  notice: string | null;
  /** The account changed on the server: load everything again, then show `notice`. */
  onChanged: (notice: string) => void;
}) {
  const t = words(SETTINGS);
  const { account } = props;
  const saver = useSaver();
  const confirming = useSignal(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming.value) cancelRef.current?.focus();
  }, [confirming.value]);

  const notice = props.notice ? (
    <p class="notice" data-testid="account-notice">
      {props.notice}
    </p>
  ) : null;

  if (!account) {
    return (
      <section class="card settings-card" aria-labelledby="settings-account" data-testid="account">
        <h2 id="settings-account">{t.accountHeading}</h2>
        {notice}
        <p>{t.signInText}</p>
        <a class="button" href={SIGN_IN_URL} data-testid="sign-in">
          {t.signInButton}
        </a>
      </section>
    );
  }

  const spotify = account.spotify;
  const signOut = (everywhere: boolean) =>
    saver.run(
      () => (everywhere ? api.signOutEverywhere() : api.signOut()),
      (r) => {
        const text = everywhere ? t.signedOutEverywhere(r.sessionsEnded) : t.signedOut;
        // The next person on this device must not find this traveller's trips in the offline copy.
        void forgetOfflineData();
        props.onChanged(text);
        return text;
      },
    );
  const remove = () =>
    saver.run(
      () => api.deleteAccount(),
      (r) => {
        confirming.value = false;
        void forgetOfflineData();
        props.onChanged(r.message);
        return r.message;
      },
      t.deleting,
    );

  return (
    <section class="card settings-card" aria-labelledby="settings-account" data-testid="account">
      <h2 id="settings-account">{t.accountHeading}</h2>
      {notice}
      <p class="settings-who" data-testid="account-name">
        {t.signedInAs(account.user.displayName)}
      </p>
      {account.signIn === 'local' && <p class="muted">{t.localAccount}</p>}
      {spotify?.status === 'connected' && (
        <p data-testid="spotify-connected">
          {t.spotifyConnected(spotify.accountId, day(spotify.consentEndsAt))}
        </p>
      )}
      {spotify?.status === 'not_connected' && (
        <div class="stack settings-connect">
          <p>{t.spotifyNotConnected}</p>
          <a class="button" href={SIGN_IN_URL} data-testid="connect-spotify">
            {t.connectButton}
          </a>
        </div>
      )}
      {spotify?.status === 'reconnect_required' && (
        <div class="notice warn stack" data-testid="reconnect">
          <p>
            {t.reconnect} {t.reconnectReasons[spotify.reason] ?? ''}
          </p>
          <a class="button" href={SIGN_IN_URL}>
            {t.reconnectButton}
          </a>
        </div>
      )}
      {account.signIn === 'spotify' && (
        <div class="row settings-actions">
          <button
            type="button"
            class="button secondary"
            data-testid="sign-out"
            disabled={saver.busy}
            onClick={() => void signOut(false)}
          >
            {t.signOut}
          </button>
          <button
            type="button"
            class="button secondary"
            data-testid="sign-out-everywhere"
            disabled={saver.busy}
            onClick={() => void signOut(true)}
          >
            {t.signOutEverywhere}
          </button>
        </div>
      )}

      <h3>{t.dataHeading}</h3>
      <p class="muted">{t.exportHelp}</p>
      <div class="row settings-actions">
        <a class="button secondary" href="/api/me/export" download data-testid="export">
          {t.exportButton}
        </a>
        {!confirming.value && (
          <button
            type="button"
            class="button quiet settings-danger-text"
            data-testid="delete-account"
            onClick={() => {
              confirming.value = true;
            }}
          >
            {t.deleteButton}
          </button>
        )}
      </div>
      {confirming.value && (
        <div class="notice error stack settings-confirm" data-testid="delete-confirm">
          <p>{t.deleteConfirmText}</p>
          <div class="row">
            <button
              type="button"
              class="button danger"
              data-testid="delete-confirm-yes"
              disabled={saver.busy}
              onClick={() => void remove()}
            >
              {t.deleteConfirm}
            </button>
            <button
              type="button"
              class="button secondary"
              ref={cancelRef}
              onClick={() => {
                confirming.value = false;
              }}
            >
              {t.deleteCancel}
            </button>
          </div>
        </div>
      )}
      <StatusLine status={saver.status} testid="account-status" />
    </section>
  );
}
