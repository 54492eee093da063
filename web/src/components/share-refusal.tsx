/**
 * The friendly answer to a share that is not a trip: an image-only share, a driving or walking route,
 * one place instead of a route… Says why in words (never a raw error) and what to share instead.
 */
import type { ComponentChildren } from 'preact';
import { words } from '../i18n/index.js';
import { TRIPS } from '../i18n/trips.js';
import { Icon } from './icon.js';
import './share-refusal.css';

/** Share-target refusals (`/?share_error=<code>`) that have their own sentence. */
export type RefusalCode = 'empty_share' | 'payload_too_large' | 'rate_limited' | 'other';
export const refusalCode = (code: string): RefusalCode =>
  code === 'empty_share' || code === 'payload_too_large' || code === 'rate_limited' ? code : 'other';

/** Share errors that mean "this is not a trip": the traveller has to share something else. */
export const NOT_A_TRIP = new Set([
  'no_link_found',
  'not_transit',
  'driving_route',
  'walking_route',
  'cycling_route',
  'place_not_route',
  'incomplete_search',
  'link_not_allowed',
  'unsupported_version',
  'bad_link',
  'empty_share',
]);

export function ShareRefusal({
  heading,
  reason,
  children,
}: {
  heading: string;
  reason: string;
  children?: ComponentChildren;
}) {
  const t = words(TRIPS);
  return (
    <section class="card share-refusal" aria-labelledby="refusal-heading" data-testid="share-refused">
      <div class="share-refusal-head">
        <Icon class="share-refusal-icon" size={48} box={48}>
          <rect x="6" y="10" width="36" height="28" rx="4" />
          <path d="M6 30l10-9 8 7 6-5 12 10M34 18h.01" />
        </Icon>
        <h1 id="refusal-heading">{heading}</h1>
      </div>
      <p class="share-refusal-reason" data-testid="refusal-reason">
        {reason}
      </p>
      <h2>{t.insteadHeading}</h2>
      <ol class="share-refusal-steps">
        {t.insteadSteps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {children}
    </section>
  );
}
