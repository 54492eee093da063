/**
 * Hash routes, so the server serves one page for every screen, a reminder's or sign-in's return URL
 * (`/#/trip/<id>/play`) lands on its screen, and the service worker's offline shell is one file.
 *
 *   #/                 trips (home)            #/trip/<id>        a trip: timeline and songs
 *   #/trip/<id>/play   the trip, playing        #/trip/<id>/live   the live view on the train
 *   #/share/<id>       one share's state        #/settings         settings
 *   #/operator         operator page (ADMIN_ACCOUNTS only)
 */
import { signal } from '@preact/signals';

export type Route =
  | { screen: 'trips' }
  | { screen: 'trip'; id: string; play: boolean }
  | { screen: 'live'; id: string }
  | { screen: 'share'; id: string }
  | { screen: 'settings' }
  | { screen: 'operator' };

export function parseRoute(hash: string): Route {
  const [, kind, id, tail] =
    /^#\/(trip|share|settings|operator)(?:\/([\w-]+))?(?:\/(play|live))?$/.exec(hash) ?? [];
  if (kind === 'settings') return { screen: 'settings' };
  if (kind === 'operator') return { screen: 'operator' };
  if (kind === 'share' && id) return { screen: 'share', id };
  if (kind === 'trip' && id)
    return tail === 'live' ? { screen: 'live', id } : { screen: 'trip', id, play: tail === 'play' };
  return { screen: 'trips' };
}

export const route = signal<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => {
  route.value = parseRoute(location.hash);
});

/** Opens a screen; going to the screen already shown reloads it (a new `key`). */
export const visit = signal(0);
export function go(hash: string): void {
  if (location.hash === hash || (hash === '#/' && location.hash === '')) visit.value++;
  else location.hash = hash;
}

export const tripHash = (id: string) => `#/trip/${id}`;
export const shareHash = (id: string) => `#/share/${id}`;
