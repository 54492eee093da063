/**
 * The operator's page (`#/operator`): the last 7 days of `GET /api/admin/stats` as tables, for the
 * accounts in `ADMIN_ACCOUNTS` only. The server decides: everyone else gets its refusal (403
 * `admin_only`, in their language). `components/operator-link.tsx` shows the way there to operators.
 */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { utcMinute } from '../../../src/ops/stats-tables.js';
import { type AdminStats, ApiError, api } from '../api.js';
import { OperatorTables } from '../components/operator-tables.js';
import { words } from '../i18n/index.js';
import { OPERATOR } from '../i18n/operator.js';

export function OperatorScreen() {
  const t = words(OPERATOR);
  const stats = useSignal<AdminStats | null>(null);
  const failure = useSignal<string | null>(null);
  useEffect(() => {
    api.adminStats('7d').then(
      (s) => {
        stats.value = s;
      },
      (err: unknown) => {
        // The server's refusal (`admin_only`) comes in the traveller's language.
        failure.value = err instanceof ApiError ? err.message : words(OPERATOR).failed;
      },
    );
  }, []);
  const s = stats.value;
  return (
    <section
      class="card operator"
      data-testid={s ? 'operator' : undefined}
      aria-labelledby="operator-heading"
    >
      <h1 id="operator-heading">{t.heading}</h1>
      {s && <p class="muted numeric">{t.period(utcMinute(s.since), utcMinute(s.until))}</p>}
      {s && <OperatorTables stats={s} />}
      {failure.value && (
        <p class="notice error" role="alert" data-testid="operator-refused">
          {failure.value}
        </p>
      )}
      {!s && !failure.value && (
        <p class="muted" role="status">
          {t.loading}
        </p>
      )}
    </section>
  );
}
