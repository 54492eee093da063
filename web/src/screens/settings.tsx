/**
 * Settings (`#/settings`): the account, music, how you listen, reminders and notifications, and the
 * language, each a card that saves on its own and says so. Signed out, the account card offers the
 * sign-in and only the language can be changed.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { type Account, ApiError, api, type Library, type MusicProvider, type Preferences } from '../api.js';
import { AccountCard } from '../components/account-card.js';
import { MusicCard } from '../components/music-card.js';
import { NotificationsCard } from '../components/notifications-card.js';
import { forgetOperator, OperatorLink } from '../components/operator-link.js';
import { LanguageCard } from '../components/settings-language.js';
import { ListeningCard } from '../components/settings-listening.js';
import { errorText } from '../components/settings-status.js';
import { words } from '../i18n/index.js';
import { SETTINGS } from '../i18n/settings.js';
import '../components/settings.css';

interface Loaded {
  account: Account | null;
  preferences: Preferences | null;
  sources: { chosen: MusicProvider; available: MusicProvider[] } | null;
  publicKey: string | null;
  library: Library | null;
}

const signedOut = (err: unknown) => err instanceof ApiError && err.code === 'sign_in_required';

async function load(): Promise<Loaded> {
  const account = await api.me().catch((err: unknown) => {
    if (signedOut(err)) return null;
    throw err;
  });
  if (!account) return { account, preferences: null, sources: null, publicKey: null, library: null };
  const [preferences, sources, key, library] = await Promise.all([
    api.preferences(),
    api.musicSources(),
    // An older server without the push routes is a server without push.
    api.pushKey().catch(() => ({ publicKey: null })),
    api.library().catch(() => null),
  ]);
  return { account, preferences, sources, publicKey: key.publicKey, library };
}

export function SettingsScreen() {
  const t = words(SETTINGS);
  const data = useSignal<Loaded | null>(null);
  const failure = useSignal<string | null>(null);
  const notice = useSignal<string | null>(null);

  const reload = () =>
    load().then(
      (loaded) => {
        failure.value = null;
        data.value = loaded;
      },
      (err: unknown) => {
        failure.value = errorText(err);
      },
    );
  useEffect(() => {
    void reload();
  }, []);

  const d = data.value;
  const setPreferences = (saved: Preferences) => {
    if (data.value) data.value = { ...data.value, preferences: saved };
  };
  return (
    <div class="settings" data-testid="settings">
      <h1>{t.title}</h1>
      {d?.account && <p class="muted">{t.intro}</p>}
      {failure.value && (
        <p class="notice error" role="alert" data-testid="settings-error">
          {failure.value}
        </p>
      )}
      {!d && !failure.value && (
        <p class="muted settings-loading" role="status">
          {t.loading}
        </p>
      )}
      {d && (
        <>
          <AccountCard
            account={d.account}
            notice={notice.value}
            onChanged={(text) => {
              notice.value = text;
              forgetOperator();
              void reload();
            }}
          />
          {d.account && <OperatorLink />}
          {d.preferences && d.sources && (
            <>
              <MusicCard
                preferences={d.preferences}
                onSaved={setPreferences}
                sources={d.sources}
                library={d.library}
              />
              <ListeningCard preferences={d.preferences} onSaved={setPreferences} />
              <NotificationsCard
                publicKey={d.publicKey}
                preferences={d.preferences}
                onSaved={setPreferences}
              />
            </>
          )}
        </>
      )}
      <LanguageCard />
    </div>
  );
}
