/**
 * The PWA's entry: the shell (header, navigation, connection banner, account banner, sign-in outcome),
 * the share target's landings, the service worker and its messages, and the screen for the route.
 */
// The shared tokens and primitives first, so each component's own CSS (imported by the modules
// below) comes after them in the bundle and can refine a primitive (`.card`, `.bar`).
import './styles/tokens.css';
import './styles/base.css';
import { effect, signal } from '@preact/signals';
import { type ComponentType, render } from 'preact';
import { useState } from 'preact/hooks';
import { type Account, api } from './api.js';
import { ConnectionBanner } from './components/connection-banner.js';
import { listenForInstall } from './components/install-hint.js';
import { ShellHeader } from './components/shell-header.js';
import {
  cachedAt,
  delivered,
  refreshQueue,
  sendQueue,
  serverReachable,
  watchConnection,
} from './connection.js';
import { lang, words } from './i18n/index.js';
import { SHELL } from './i18n/shell.js';
import { go, parseRoute, route, shareHash, tripHash, visit } from './router.js';
import { landing, ShareLanding, ShareScreen } from './screens/share.js';
import { TripsScreen } from './screens/trips.js';
import type { Delivered } from './store.js';
import './components/shell-app.css';

/** The sign-in callback's outcome other than success (`/?signin=denied`). */
const signInNotice = signal<string | null>(null);
const account = signal<Account | null>(null);

/** Reads the landing URL once, then leaves a clean one (a reload stays on the same screen). */
function readLanding(): void {
  const params = new URLSearchParams(location.search);
  if (params.size === 0) return;
  const refusal = params.get('share_error');
  const shared = params.get('share');
  const signIn = params.get('signin');
  if (refusal) landing.value = { kind: 'refused', code: refusal };
  else if (shared === 'queued') landing.value = { kind: 'queued' };
  if (signIn) signInNotice.value = signIn;
  // The share target lands on /?share=<id>; the hash route keeps a reload on the same share.
  const hash = shared && shared !== 'queued' ? shareHash(shared) : location.hash;
  history.replaceState(null, '', `/${hash}`);
  route.value = parseRoute(location.hash);
}

/**
 * A screen loaded when first shown: the home screen (Trips) comes with the shell, the others in
 * their own chunks, so the first paint carries only what it shows. The worker precaches every
 * chunk, so they open offline too.
 */
function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let Loaded: ComponentType<P> | null = null;
  let started = false;
  const failed = signal(false);
  // Offline before the chunk was kept: try again once the traveller moves or the network is back.
  const again = () => {
    started = false;
    failed.value = false;
  };
  return function LazyScreen(props: P) {
    const [, repaint] = useState(0);
    if (Loaded) return <Loaded {...props} />;
    if (!started && !failed.value) {
      started = true;
      load().then(
        (component) => {
          Loaded = component;
          repaint((n) => n + 1);
        },
        () => {
          failed.value = true;
          window.addEventListener('online', again, { once: true });
          window.addEventListener('hashchange', again, { once: true });
        },
      );
    }
    return (
      <div class="shell-loading" aria-busy={!failed.value}>
        {failed.value && <p class="notice warn">{words(SHELL).offline}</p>}
      </div>
    );
  };
}

const TripScreen = lazyScreen(() => import('./screens/trip.js').then((m) => m.TripScreen));
const LiveScreen = lazyScreen(() => import('./screens/live.js').then((m) => m.LiveScreen));
const SettingsScreen = lazyScreen(() => import('./screens/settings.js').then((m) => m.SettingsScreen));
const OperatorScreen = lazyScreen(() => import('./screens/operator.js').then((m) => m.OperatorScreen));

function Screen() {
  const r = route.value;
  const key = `${visit.value}`;
  if (landing.value) return <ShareLanding shown={landing.value} />;
  switch (r.screen) {
    case 'trip':
      return <TripScreen key={`${r.id}|${key}`} id={r.id} play={r.play} />;
    case 'live':
      return <LiveScreen key={`${r.id}|${key}`} id={r.id} />;
    case 'share':
      return <ShareScreen key={`${r.id}|${key}`} id={r.id} />;
    case 'settings':
      return <SettingsScreen key={key} />;
    case 'operator':
      return <OperatorScreen key={key} />;
    default:
      return <TripsScreen key={key} />;
  }
}

function AccountNotices() {
  const t = words(SHELL);
  const outcome = signInNotice.value ? t.signInOutcome[signInNotice.value] : null;
  const reconnect = account.value?.spotify?.status === 'reconnect_required';
  const returnTo = `${location.pathname}${location.hash}`;
  return (
    <div role="status" aria-live="polite" class="shell-notices">
      {outcome && (
        <p class="notice warn" data-testid="sign-in-outcome">
          {outcome}
        </p>
      )}
      {reconnect && (
        <p class="notice warn" data-testid="reconnect">
          {t.reconnect}{' '}
          <a href={`/auth/spotify/login?returnTo=${encodeURIComponent(returnTo)}`}>{t.reconnectButton}</a>
        </p>
      )}
    </div>
  );
}

/** Reloads the screen shown (a new `key`): after the connection came back, after queued shares went. */
const reload = () => {
  visit.value++;
};

function App() {
  return (
    <>
      <ShellHeader />
      <ConnectionBanner onRetry={reload} />
      <main id="main" tabIndex={-1}>
        <AccountNotices />
        <Screen />
      </main>
    </>
  );
}

let deliveredTimer: ReturnType<typeof setTimeout> | undefined;

/** After queued shares went: say so, and open the last one when the traveller is waiting for it. */
function showDelivered(sent: readonly Delivered[]): void {
  if (sent.length === 0) return;
  delivered.value = sent.length;
  clearTimeout(deliveredTimer);
  deliveredTimer = setTimeout(() => {
    delivered.value = 0;
  }, 12_000);
  const last = sent[sent.length - 1]!;
  const waiting = landing.value?.kind === 'queued' || route.value.screen === 'trips';
  landing.value = null;
  if (waiting) go(last.tripId ? tripHash(last.tripId) : shareHash(last.shareId));
}

async function sendQueued(): Promise<void> {
  showDelivered(await sendQueue());
}

function start(): void {
  readLanding();
  window.addEventListener('hashchange', () => {
    landing.value = null;
    signInNotice.value = null;
  });
  effect(() => {
    document.documentElement.lang = lang.value;
  });
  listenForInstall();
  // Back online, or Railtape answers again: send what waited, and refresh what came from the cache.
  const back = () => {
    void sendQueued();
    if (cachedAt.value) reload();
  };
  watchConnection(back);
  let wasReachable = serverReachable.value;
  effect(() => {
    const now = serverReachable.value;
    if (now && !wasReachable) back();
    wasReachable = now;
  });
  void api.me().then(
    (me) => {
      account.value = me;
    },
    () => undefined,
  );
  render(<App />, document.getElementById('root') as HTMLElement);
  void sendQueued();

  if ('serviceWorker' in navigator) {
    // The built app has /sw.js (vite.config.ts builds it); on the dev server the registration fails
    // quietly. Not gated on import.meta.env.PROD: a build inside vitest runs with NODE_ENV=test.
    window.addEventListener('load', () => {
      navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
    });
    navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as { type?: unknown; url?: unknown; sent?: unknown } | null;
      // A reminder tapped while Railtape is open: the worker asks this window to go to the trip.
      if (data?.type === 'open' && typeof data.url === 'string') {
        const url = new URL(data.url, location.href);
        if (url.origin === location.origin) go(url.hash || '#/');
      }
      // Background Sync sent the queue.
      if (data?.type === 'shares-sent' && Array.isArray(data.sent)) {
        void refreshQueue();
        showDelivered(data.sent as Delivered[]);
      }
    });
  }
}

start();
