/**
 * Where the browser offers installation (`beforeinstallprompt`), a small card with an Install button;
 * on iOS Safari, which has no share target, how to paste the link instead. Dismissals are remembered
 * on this device.
 */
import { signal } from '@preact/signals';
import { words } from '../i18n/index.js';
import { SHELL } from '../i18n/shell.js';
import './install-hint.css';

interface InstallPrompt extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const INSTALL_KEY = 'railtape.install-hint.dismissed';
const IOS_KEY = 'railtape.ios-hint.dismissed';

const remembered = (key: string) => {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
};
const remember = (key: string) => {
  try {
    localStorage.setItem(key, '1');
  } catch {}
};

const prompt = signal<InstallPrompt | null>(null);
const dismissed = signal({ install: remembered(INSTALL_KEY), ios: remembered(IOS_KEY) });

/** Call once at start: the browser fires the event early, before any screen renders. */
export function listenForInstall(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    prompt.value = event as InstallPrompt;
  });
  window.addEventListener('appinstalled', () => {
    prompt.value = null;
  });
}

/** iOS Safari in a tab (not already on the Home Screen): no share target, so paste. */
function isIosBrowser(): boolean {
  const ios =
    /iPad|iPhone|iPod/.test(navigator.userAgent) ||
    (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const standalone = (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return ios && !standalone;
}

export function InstallHint() {
  const t = words(SHELL);
  const offer = prompt.value;
  if (offer && !dismissed.value.install) {
    return (
      <aside class="card install-hint" aria-labelledby="install-heading" data-testid="install-hint">
        <div class="install-text">
          <h2 id="install-heading">{t.installHeading}</h2>
          <p>{t.installText}</p>
        </div>
        <div class="row">
          <button
            type="button"
            class="button"
            onClick={async () => {
              await offer.prompt();
              await offer.userChoice.catch(() => null);
              prompt.value = null;
            }}
          >
            {t.installButton}
          </button>
          <button
            type="button"
            class="button quiet"
            onClick={() => {
              remember(INSTALL_KEY);
              dismissed.value = { ...dismissed.value, install: true };
            }}
          >
            {t.dismiss}
          </button>
        </div>
      </aside>
    );
  }
  if (!offer && !dismissed.value.ios && isIosBrowser()) {
    return (
      <aside class="card install-hint" aria-labelledby="ios-heading" data-testid="ios-hint">
        <div class="install-text">
          <h2 id="ios-heading">{t.iosHeading}</h2>
          <p>{t.iosText}</p>
        </div>
        <button
          type="button"
          class="button quiet"
          onClick={() => {
            remember(IOS_KEY);
            dismissed.value = { ...dismissed.value, ios: true };
          }}
        >
          {t.dismiss}
        </button>
      </aside>
    );
  }
  return null;
}
