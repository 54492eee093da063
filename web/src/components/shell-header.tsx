/** The header: the brand and the two places a traveller goes (Trips, Settings), icons with words. */
import { words } from '../i18n/index.js';
import { SHELL } from '../i18n/shell.js';
import { route } from '../router.js';
import { Icon } from './icon.js';
import './shell-header.css';

const icon = (d: string) => (
  <Icon class="shell-icon">
    <path
      d={d}
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    />
  </Icon>
);
// A train front (Trips) and a sliders icon (Settings), drawn for 24 px.
const TRAIN =
  'M7 3h10a3 3 0 0 1 3 3v9a3 3 0 0 1-3 3H7a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3zM4 11h16M8 15h.01M16 15h.01M8 21l2-3M16 21l-2-3';
const SLIDERS = 'M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4';

export function ShellHeader() {
  const t = words(SHELL);
  const screen = route.value.screen;
  return (
    <header class="bar shell-header">
      <button
        type="button"
        class="shell-skip"
        // A button, not a "#main" link: the hash is the router's.
        onClick={() => document.getElementById('main')?.focus()}
      >
        {t.skip}
      </button>
      <a href="#/" class="brand shell-brand">
        <Icon class="shell-logo" size={28}>
          <rect
            x="2"
            y="6"
            width="20"
            height="12"
            rx="3"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
          />
          <circle cx="8" cy="12" r="2.5" fill="none" stroke="currentColor" stroke-width="2" />
          <circle cx="16" cy="12" r="2.5" fill="none" stroke="currentColor" stroke-width="2" />
        </Icon>
        <span>Railtape</span>
      </a>
      <nav aria-label={t.nav} class="shell-nav">
        <a href="#/" aria-current={screen === 'trips' ? 'page' : undefined} class="shell-link">
          {icon(TRAIN)}
          <span>{t.trips}</span>
        </a>
        <a href="#/settings" aria-current={screen === 'settings' ? 'page' : undefined} class="shell-link">
          {icon(SLIDERS)}
          <span>{t.settings}</span>
        </a>
      </nav>
    </header>
  );
}
