/**
 * Shown when the server asks for sign-in (`sign_in_required`: Spotify is Railtape's account system on
 * this server). Signing in returns to the screen the traveller was on.
 */
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';

export function SignIn() {
  const t = words(TRIPS);
  const returnTo = `${location.pathname}${location.hash}`;
  return (
    <section class="card" data-testid="sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t.signInHeading}</h1>
      <p>{t.signInText}</p>
      <a href={`/auth/spotify/login?returnTo=${encodeURIComponent(returnTo)}`} class="button">
        {t.signInButton}
      </a>
    </section>
  );
}
